using System.Buffers;
using System.Buffers.Text;

namespace MicroWeb.Server;

/// <summary>
/// The <c>Date</c> and <c>Server</c> header lines, formatted once per second by the server's heartbeat
/// rather than per response (RFC 9110 §6.6.1 needs one-second resolution).
/// </summary>
internal sealed class DateHeader
{
    private static ReadOnlySpan<byte> Prefix => "Date: "u8;

    private static ReadOnlySpan<byte> Suffix => "\r\nServer: MicroWeb\r\n"u8;

    // The IMF-fixdate is always 29 bytes ("Sun, 06 Nov 1994 08:49:37 GMT").
    private const int Length = 6 + 29 + 20;

    private readonly TimeProvider _time;

    // Replaced, never mutated: a response may be copying the previous second's array while the heartbeat runs.
    private volatile byte[] _bytes;

    public DateHeader(TimeProvider time)
    {
        _time = time;
        _bytes = Format(time.GetUtcNow());
    }

    /// <summary>"Date: ...\r\nServer: MicroWeb\r\n" for the current second.</summary>
    public ReadOnlySpan<byte> Bytes => _bytes;

    public void Update() => _bytes = Format(_time.GetUtcNow());

    // Formatted straight to bytes ('R' is RFC 1123 in UTF-8): one 55-byte array a second, no strings.
    private static byte[] Format(DateTimeOffset now)
    {
        var bytes = new byte[Length];
        Prefix.CopyTo(bytes);
        if (!Utf8Formatter.TryFormat(now, bytes.AsSpan(Prefix.Length), out var written, new StandardFormat('R')) || written != 29)
            throw new InvalidOperationException("Unexpected Date header format.");
        Suffix.CopyTo(bytes.AsSpan(Prefix.Length + written));
        return bytes;
    }
}
