namespace MicroWeb.Http;

/// <summary>
/// Where a response's bytes go. The server implements it over its connection; the HTTP model only
/// forwards to it, so the model knows nothing about sockets.
/// </summary>
internal abstract class HttpResponseOutput
{
    public abstract bool HasStarted { get; }

    public abstract void Write(ReadOnlySpan<byte> data);

    public abstract ValueTask WriteAsync(ReadOnlyMemory<byte> data, CancellationToken cancellationToken);

    public abstract Task StartAsync(CancellationToken cancellationToken);

    public abstract Task FlushAsync(CancellationToken cancellationToken);

    /// <summary>Body bytes the application has written for the current response; outputs that do not count report 0.</summary>
    public virtual long BytesWritten => 0;

    /// <summary>Forgets the body buffered so far (used when an error replaces an unsent response).</summary>
    public abstract void DiscardBuffered();
}
