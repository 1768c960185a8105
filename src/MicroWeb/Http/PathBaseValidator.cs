using System.Buffers;

namespace MicroWeb.Http;

/// <summary>
/// Checks a path base (<c>Server:PathBase</c>, a proxy's <c>X-Forwarded-Prefix</c>) before it is put in front of
/// every local URL the app sends, so it cannot carry a query, a fragment, another host or a dot segment.
/// </summary>
internal static class PathBaseValidator
{
    // RFC 3986 §3.3 pchar without pct-encoded: the value is then the same decoded and encoded, like the decoded Path it joins.
    private static readonly SearchValues<char> s_segmentChars = SearchValues.Create(
        "!$&'()*+,-.0123456789:;=@ABCDEFGHIJKLMNOPQRSTUVWXYZ_abcdefghijklmnopqrstuvwxyz~");

    /// <summary>
    /// True when <paramref name="value"/> is <c>/</c> and segments of <c>pchar</c> without percent-escapes, none empty,
    /// <c>.</c> or <c>..</c>; <paramref name="pathBase"/> is it without a trailing <c>/</c> (<c>/</c> alone gives "").
    /// </summary>
    public static bool TryNormalize(ReadOnlySpan<char> value, out string pathBase)
    {
        pathBase = "";
        if (value.IsEmpty || value[0] != '/') return false;
        var rest = value[1..];
        if (rest.EndsWith('/')) rest = rest[..^1];
        if (rest.IsEmpty) return true;
        foreach (var range in rest.Split('/'))
        {
            var segment = rest[range];
            if (segment.IsEmpty || segment is "." or ".." || segment.ContainsAnyExcept(s_segmentChars)) return false;
        }
        pathBase = string.Concat("/", rest);
        return true;
    }
}
