using System.Buffers;

namespace MicroWeb.Http.Cookies;

/// <summary>The character classes of RFC 6265 §4.1.1 that cookie names and values are checked against.</summary>
internal static class CookieGrammar
{
    // cookie-octet = %x21 / %x23-2B / %x2D-3A / %x3C-5B / %x5D-7E: printable ASCII without space, '"', ',', ';' and '\'.
    private static readonly SearchValues<char> CookieOctets = SearchValues.Create(
        "!#$%&'()*+-./0123456789:<=>?@ABCDEFGHIJKLMNOPQRSTUVWXYZ[]^_`abcdefghijklmnopqrstuvwxyz{|}~");

    /// <summary>cookie-name = token (RFC 6265 §4.1.1, RFC 9110 §5.6.2).</summary>
    public static bool IsCookieName(ReadOnlySpan<char> name) => HeaderGrammar.IsToken(name);

    /// <summary>cookie-value = *cookie-octet / ( DQUOTE *cookie-octet DQUOTE ).</summary>
    public static bool IsCookieValue(ReadOnlySpan<char> value)
    {
        if (value.Length >= 2 && value[0] == '"' && value[^1] == '"')
            value = value[1..^1];
        return !value.ContainsAnyExcept(CookieOctets);
    }

    /// <summary>Whether an attribute value (Path, Domain) could end the attribute early or break the header: ';' or a control character.</summary>
    public static bool IsAttributeValue(ReadOnlySpan<char> value) =>
        !value.Contains(';') && !value.ContainsAnyInRange('\0', '\x1f') && !value.Contains('\x7f');
}
