using System.Buffers;
using System.Net;
using System.Text;

namespace MicroWeb.Http.Parsing;

/// <summary>
/// Validates an authority as the Host field and absolute-form targets carry it: <c>uri-host [":" port]</c>
/// (RFC 9110 §7.2, RFC 3986 §3.2.2–§3.2.3). No userinfo (RFC 9110 §4.2.4), a non-empty host (RFC 9110 §4.2.1),
/// a port of digits only. Span-based and allocation-free.
/// </summary>
internal static class HostValidator
{
    // reg-name = *( unreserved / pct-encoded / sub-delims ); '%' is checked separately as an escape.
    private static readonly SearchValues<byte> s_regName =
        SearchValues.Create("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~!$&'()*+,;="u8);

    // IPvFuture's tail: unreserved / sub-delims / ":".
    private static readonly SearchValues<byte> s_ipFuture =
        SearchValues.Create("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~!$&'()*+,;=:"u8);

    private static readonly SearchValues<byte> s_ipv6 = SearchValues.Create("0123456789ABCDEFabcdef:."u8);

    // The longest IPv6 text form: eight groups with the last two as dotted IPv4 (45 characters).
    private const int MaxIPv6Length = 45;

    /// <summary>True when <paramref name="authority"/> is <c>uri-host [":" port]</c> with a non-empty host.</summary>
    public static bool IsValid(ReadOnlySpan<byte> authority)
    {
        if (authority.IsEmpty) return false;
        ReadOnlySpan<byte> afterHost;
        if (authority[0] == (byte)'[')
        {
            var close = authority.IndexOf((byte)']');
            if (close < 0 || !IsIPLiteral(authority[1..close])) return false;
            afterHost = authority[(close + 1)..];
        }
        else
        {
            var colon = authority.IndexOf((byte)':');
            var host = colon < 0 ? authority : authority[..colon];
            if (host.IsEmpty || !IsRegName(host)) return false;
            afterHost = colon < 0 ? default : authority[colon..];
        }
        if (afterHost.IsEmpty) return true;
        return afterHost[0] == (byte)':' && IsPort(afterHost[1..]);
    }

    /// <summary>True when <paramref name="authority"/> (text, e.g. a forwarded host) is ASCII and valid as <see cref="IsValid(ReadOnlySpan{byte})"/> says.</summary>
    public static bool IsValid(ReadOnlySpan<char> authority)
    {
        // A Host field value is short; longer forwarded text is refused rather than copied.
        if (authority.Length > 1024 || !Ascii.IsValid(authority)) return false;
        Span<byte> bytes = stackalloc byte[authority.Length];
        Ascii.FromUtf16(authority, bytes, out _);
        return IsValid(bytes);
    }

    /// <summary>The host of a valid authority without its port: <c>example.com</c> of <c>example.com:8080</c>, <c>[::1]</c> of <c>[::1]:80</c>.</summary>
    public static ReadOnlySpan<char> HostName(ReadOnlySpan<char> authority)
    {
        if (authority.StartsWith('['))
        {
            var close = authority.IndexOf(']');
            return close < 0 ? authority : authority[..(close + 1)];
        }
        var colon = authority.IndexOf(':');
        return colon < 0 ? authority : authority[..colon];
    }

    private static bool IsRegName(ReadOnlySpan<byte> host)
    {
        // IPv4address is a syntactic subset of reg-name, so one scan covers both.
        while (true)
        {
            var other = host.IndexOfAnyExcept(s_regName);
            if (other < 0) return true;
            if (host[other] != (byte)'%' || other + 2 >= host.Length
                || !HeaderGrammar.IsHexDigit(host[other + 1]) || !HeaderGrammar.IsHexDigit(host[other + 2])) return false;
            host = host[(other + 3)..];
        }
    }

    private static bool IsPort(ReadOnlySpan<byte> port)
    {
        // RFC 3986 §3.2.3: port = *DIGIT, so "host:" (an empty port, meaning the default) is valid.
        // More than 65535 cannot name a TCP port, so it is refused rather than passed on.
        if (port.Length > 5) return false;
        var value = 0;
        foreach (var b in port)
        {
            if (!char.IsAsciiDigit((char)b)) return false;
            value = value * 10 + (b - '0');
        }
        return value <= 65535;
    }

    private static bool IsIPLiteral(ReadOnlySpan<byte> literal)
    {
        // IP-literal = "[" ( IPv6address / IPvFuture ) "]"; IPvFuture = "v" 1*HEXDIG "." 1*( unreserved / sub-delims / ":" ).
        if (literal.IsEmpty) return false;
        if (literal[0] is (byte)'v' or (byte)'V')
        {
            var dot = literal.IndexOf((byte)'.');
            if (dot < 2 || dot == literal.Length - 1) return false;
            if (!IsHex(literal[1..dot])) return false;
            return literal[(dot + 1)..].IndexOfAnyExcept(s_ipFuture) < 0;
        }

        // No zone identifier ('%'), which RFC 3986 does not allow; IPAddress would accept one.
        if (literal.Length > MaxIPv6Length || literal.IndexOfAnyExcept(s_ipv6) >= 0 || literal.IndexOf((byte)':') < 0) return false;
        Span<char> text = stackalloc char[MaxIPv6Length];
        for (var i = 0; i < literal.Length; i++) text[i] = (char)literal[i];
        return IPAddress.IsValid(text[..literal.Length]);
    }

    private static bool IsHex(ReadOnlySpan<byte> value)
    {
        foreach (var b in value)
            if (!HeaderGrammar.IsHexDigit(b)) return false;
        return true;
    }
}
