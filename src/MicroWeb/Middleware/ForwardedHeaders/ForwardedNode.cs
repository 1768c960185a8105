using System.Buffers;
using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Net;

namespace MicroWeb.Middleware.ForwardedHeaders;

/// <summary>Parses the client of one hop: an <c>X-Forwarded-For</c> entry or an RFC 7239 <c>for=</c> node.</summary>
internal static class ForwardedNode
{
    private static readonly SearchValues<char> s_ipv4 = SearchValues.Create("0123456789.");
    private static readonly SearchValues<char> s_ipv6 = SearchValues.Create("0123456789ABCDEFabcdef:.");
    private static readonly SearchValues<char> s_obfuscated = SearchValues.Create("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789._-");

    /// <summary>
    /// An <c>X-Forwarded-For</c> entry as proxies write it: <c>192.0.2.1</c>, <c>192.0.2.1:4711</c>, <c>2001:db8::1</c>,
    /// <c>[2001:db8::1]</c> or <c>[2001:db8::1]:4711</c>. False for anything else (names, <c>unknown</c>, zone ids).
    /// </summary>
    public static bool TryParseXForwardedFor(ReadOnlySpan<char> text, [NotNullWhen(true)] out IPEndPoint? client)
    {
        client = null;
        if (text.StartsWith('[')) return TryParseNode(text, out client, out _) && client is not null;
        var colon = text.IndexOf(':');
        if (colon >= 0 && text[(colon + 1)..].Contains(':'))
        {
            // More than one colon: a bare IPv6 address, which carries no port.
            if (!TryParseIPv6(text, out var v6)) return false;
            client = new IPEndPoint(v6, 0);
            return true;
        }
        return TryParseNode(text, out client, out _) && client is not null;
    }

    /// <summary>
    /// An RFC 7239 §6 node: <c>nodename [ ":" node-port ]</c> with nodename an IPv4 address, <c>"[" IPv6 "]"</c>,
    /// <c>unknown</c> or an obfuscated <c>_identifier</c> (§6.3). True when it is well-formed; <paramref name="client"/> is
    /// null for <c>unknown</c> and obfuscated names (they say who, without an address), and an obfuscated port reads as 0.
    /// </summary>
    public static bool TryParseNode(ReadOnlySpan<char> text, out IPEndPoint? client, out bool hidden)
    {
        client = null;
        hidden = false;
        ReadOnlySpan<char> name, port;
        if (text.StartsWith('['))
        {
            var close = text.IndexOf(']');
            if (close < 0) return false;
            name = text[..(close + 1)];
            port = text[(close + 1)..];
        }
        else
        {
            var colon = text.IndexOf(':');
            name = colon < 0 ? text : text[..colon];
            port = colon < 0 ? default : text[colon..];
        }

        var portNumber = 0;
        if (!port.IsEmpty)
        {
            if (port[0] != ':' || !TryParsePort(port[1..], out portNumber)) return false;
        }

        if (name.Equals("unknown", StringComparison.OrdinalIgnoreCase) || IsObfuscated(name))
        {
            hidden = true;
            return true;
        }
        IPAddress address;
        if (name.StartsWith('['))
        {
            if (!TryParseIPv6(name[1..^1], out address)) return false;
        }
        else if (!TryParseIPv4(name, out address)) return false;
        client = new IPEndPoint(address, portNumber);
        return true;
    }

    // RFC 7239 §6.3: obfnode = "_" 1*( ALPHA / DIGIT / "." / "_" / "-" ).
    private static bool IsObfuscated(ReadOnlySpan<char> text) => text.Length > 1 && text[0] == '_' && !text[1..].ContainsAnyExcept(s_obfuscated);

    private static bool TryParsePort(ReadOnlySpan<char> text, out int port)
    {
        port = 0;
        // RFC 7239 §6.3: an obfuscated port ("_" followed by the same characters) hides the number.
        if (IsObfuscated(text)) return true;
        return text.Length is > 0 and <= 5 && !text.ContainsAnyExcept("0123456789")
            && int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out port) && port <= 65535;
    }

    private static bool TryParseIPv4(ReadOnlySpan<char> text, out IPAddress address)
    {
        // Dotted-decimal only (RFC 3986 IPv4address): IPAddress would also take "127.1" or "0x7f.0.0.1".
        address = null!;
        return text.Count('.') == 3 && !text.ContainsAnyExcept(s_ipv4) && IPAddress.TryParse(text, out address!);
    }

    private static bool TryParseIPv6(ReadOnlySpan<char> text, out IPAddress address)
    {
        // No zone identifier ('%'): it names an interface of the proxy, not a client.
        address = null!;
        return text.Contains(':') && !text.ContainsAnyExcept(s_ipv6) && IPAddress.TryParse(text, out address!)
            && address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6;
    }
}
