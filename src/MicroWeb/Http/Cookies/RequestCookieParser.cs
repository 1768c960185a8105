using System.Collections.ObjectModel;
using Microsoft.Extensions.Primitives;

namespace MicroWeb.Http.Cookies;

/// <summary>
/// Parses Cookie request headers (RFC 6265 §4.2.1: <c>name=value; name2=value2</c>). Cookie headers are
/// written by browsers and by scripts, so the parser is lenient and never throws: a pair that is not
/// <c>token=value</c> is skipped and the rest kept. Names are compared ordinally because browsers treat
/// <c>id</c> and <c>ID</c> as different cookies. Values are returned as sent, without URL-decoding.
/// </summary>
internal static class RequestCookieParser
{
    /// <summary>The cookies of a request without any; shared, so such requests allocate nothing.</summary>
    public static readonly IReadOnlyDictionary<string, string> Empty = ReadOnlyDictionary<string, string>.Empty;

    /// <summary>
    /// Parses every Cookie header in order. When a name repeats, the first occurrence wins: browsers send
    /// the cookie with the longest (most specific) path first (RFC 6265 §5.4).
    /// </summary>
    public static IReadOnlyDictionary<string, string> Parse(StringValues cookieHeaders)
    {
        Dictionary<string, string>? cookies = null;
        foreach (var header in cookieHeaders)
        {
            if (string.IsNullOrEmpty(header))
                continue;
            ReadOnlySpan<char> text = header;
            foreach (var range in text.Split(';'))
            {
                var pair = text[range].Trim(" \t");
                var equals = pair.IndexOf('=');
                if (equals <= 0)
                    continue;
                var name = pair[..equals].TrimEnd(" \t");
                var value = pair[(equals + 1)..].TrimStart(" \t");
                if (value.Length >= 2 && value[0] == '"' && value[^1] == '"')
                    value = value[1..^1];
                if (!CookieGrammar.IsCookieName(name) || !CookieGrammar.IsAttributeValue(value))
                    continue;

                cookies ??= new Dictionary<string, string>(StringComparer.Ordinal);
                var byName = cookies.GetAlternateLookup<ReadOnlySpan<char>>();
                if (!byName.ContainsKey(name))
                    byName[name] = value.ToString();
            }
        }
        return cookies is null ? Empty : cookies.AsReadOnly();
    }
}
