using System.Globalization;
using System.Text;

namespace MicroWeb;

/// <summary>
/// The <c>Date</c> and <c>Server</c> header lines, formatted once per second by the server's heartbeat
/// rather than per response (RFC 9110 §6.6.1 needs one-second resolution).
/// </summary>
internal sealed class DateHeader
{
    private volatile byte[] _bytes;

    public DateHeader(TimeProvider time)
    {
        _time = time;
        _bytes = Format(time.GetUtcNow());
    }

    private readonly TimeProvider _time;

    /// <summary>"Date: ...\r\nServer: MicroWeb\r\n" for the current second.</summary>
    public ReadOnlySpan<byte> Bytes => _bytes;

    public void Update() => _bytes = Format(_time.GetUtcNow());

    private static byte[] Format(DateTimeOffset now) =>
        Encoding.ASCII.GetBytes("Date: " + now.ToString("r", CultureInfo.InvariantCulture) + "\r\nServer: MicroWeb\r\n");
}
