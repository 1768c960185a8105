using System.Globalization;

namespace MicroWeb.Security.Cors;

/// <summary>
/// A serialized origin, <c>scheme://host[:port]</c> (HTML standard §7.1.1, RFC 6454 §6.2), split into the parts that are
/// compared: scheme and host case-insensitively, the port with the scheme's default (80, 443) filled in, so
/// <c>https://Example.com:443</c> and <c>https://example.com</c> are the same origin.
/// </summary>
internal readonly struct CorsOrigin
{
    private readonly string _value;
    private readonly int _schemeLength;
    private readonly int _hostStart;
    private readonly int _hostLength;

    private CorsOrigin(string value, int schemeLength, int hostStart, int hostLength, int port)
    {
        _value = value;
        _schemeLength = schemeLength;
        _hostStart = hostStart;
        _hostLength = hostLength;
        Port = port;
    }

    public ReadOnlySpan<char> Scheme => _value.AsSpan(0, _schemeLength);

    public ReadOnlySpan<char> Host => _value.AsSpan(_hostStart, _hostLength);

    public int Port { get; }

    /// <summary>Splits <paramref name="value"/> without allocating; false for anything that is not a tuple origin (<c>null</c>, a path, userinfo).</summary>
    public static bool TryParse(string value, out CorsOrigin origin)
    {
        origin = default;
        var separator = value.IndexOf("://", StringComparison.Ordinal);
        if (separator <= 0) return false;
        var scheme = value.AsSpan(0, separator);
        foreach (var c in scheme)
            if (!char.IsAsciiLetterOrDigit(c) && c is not ('+' or '-' or '.')) return false;
        var hostStart = separator + 3;
        var authority = value.AsSpan(hostStart);
        if (authority.IsEmpty || authority.ContainsAny('/', '?', '#') || authority.Contains('@')) return false;
        int hostLength;
        ReadOnlySpan<char> portText;
        if (authority[0] == '[')
        {
            // RFC 3986 §3.2.2: an IPv6 literal in brackets; its colons are not the port's.
            var close = authority.IndexOf(']');
            if (close < 0) return false;
            hostLength = close + 1;
            portText = authority[hostLength..];
        }
        else
        {
            var colon = authority.IndexOf(':');
            hostLength = colon < 0 ? authority.Length : colon;
            portText = authority[hostLength..];
        }
        if (hostLength == 0) return false;
        int port;
        if (portText.IsEmpty) port = DefaultPort(scheme);
        else if (portText[0] != ':' || portText.Length == 1
            || !int.TryParse(portText[1..], NumberStyles.None, CultureInfo.InvariantCulture, out port) || port > 65535) return false;
        origin = new CorsOrigin(value, separator, hostStart, hostLength, port);
        return true;
    }

    public bool IsSameOrigin(CorsOrigin other) =>
        Port == other.Port
        && Scheme.Equals(other.Scheme, StringComparison.OrdinalIgnoreCase)
        && Host.Equals(other.Host, StringComparison.OrdinalIgnoreCase);

    public override string ToString() => _value;

    private static int DefaultPort(ReadOnlySpan<char> scheme) =>
        scheme.Equals("http", StringComparison.OrdinalIgnoreCase) ? 80
        : scheme.Equals("https", StringComparison.OrdinalIgnoreCase) ? 443
        : -1;
}
