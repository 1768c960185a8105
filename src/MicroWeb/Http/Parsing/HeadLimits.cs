namespace MicroWeb.Http.Parsing;

/// <summary>
/// The size limits the parser enforces on a request head while it scans it. A value of its own, so the
/// parser needs nothing from the server layer; <c>ServerOptions.HeadLimits</c> makes one from the settings.
/// </summary>
/// <param name="MaxRequestLineSize">Longest request line in bytes, CRLF excluded (414 beyond it).</param>
/// <param name="MaxRequestHeadersTotalSize">Longest head in bytes, request line included (431 beyond it).</param>
/// <param name="MaxRequestHeaderCount">Most header fields (431 beyond it).</param>
internal readonly record struct HeadLimits(int MaxRequestLineSize, int MaxRequestHeadersTotalSize, int MaxRequestHeaderCount)
{
    /// <summary>The server's defaults: 8 KiB request line, 32 KiB head, 100 fields.</summary>
    public static HeadLimits Default { get; } = new(8 * 1024, 32 * 1024, 100);
}
