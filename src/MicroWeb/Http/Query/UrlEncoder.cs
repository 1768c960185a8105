using System.Buffers;
using System.Text;

namespace MicroWeb.Http.Query;

/// <summary>
/// Makes a URL sendable in a header field (<c>Location</c>): RFC 3986 §2.1 percent-encoding of every character
/// a URI reference may not hold, as UTF-8 bytes (§2.5, lone surrogates become U+FFFD), while characters it may
/// hold, existing <c>%XX</c> escapes among them, stay as written so an already encoded URL is not encoded twice.
/// </summary>
internal static class UrlEncoder
{
    // RFC 3986 §2.2 reserved + §2.3 unreserved characters; '%' is decided per occurrence (an escape or not).
    private static readonly SearchValues<char> s_uriChars = SearchValues.Create(
        "!#$&'()*+,-./0123456789:;=?@ABCDEFGHIJKLMNOPQRSTUVWXYZ[]_abcdefghijklmnopqrstuvwxyz~");

    // RFC 3986 §3.3: pchar = unreserved / pct-encoded / sub-delims / ":" / "@", plus the "/" between segments.
    private static readonly SearchValues<char> s_pathChars = SearchValues.Create(
        "!$&'()*+,-./0123456789:;=@ABCDEFGHIJKLMNOPQRSTUVWXYZ_abcdefghijklmnopqrstuvwxyz~");

    /// <summary>The URL itself when it needs no encoding (no allocation), else its percent-encoded form.</summary>
    public static string EncodeUriReference(string url)
    {
        var first = IndexOfUnsafe(url, 0);
        if (first < 0) return url;

        var builder = new StringBuilder(url.Length + 16).Append(url, 0, first);
        Span<byte> utf8 = stackalloc byte[4];
        for (var i = first; i < url.Length;)
        {
            var next = IndexOfUnsafe(url, i);
            if (next < 0)
            {
                builder.Append(url, i, url.Length - i);
                break;
            }

            builder.Append(url, i, next - i);
            // A code point is one char or a surrogate pair; a lone surrogate is encoded as U+FFFD.
            var length = char.IsSurrogatePair(url, next) ? 2 : 1;
            var rune = Rune.DecodeFromUtf16(url.AsSpan(next, length), out var scalar, out _) == OperationStatus.Done ? scalar : Rune.ReplacementChar;
            var count = rune.EncodeToUtf8(utf8);
            foreach (var b in utf8[..count])
                builder.Append('%').Append(HeaderGrammar.UpperHexDigit(b >> 4)).Append(HeaderGrammar.UpperHexDigit(b & 0xF));
            i = next + length;
        }

        return builder.ToString();
    }

    /// <summary>
    /// A decoded <see cref="HttpRequest.Path"/> (or path base) as the path of a URL again: every character outside
    /// RFC 3986 §3.3 <c>pchar</c> and <c>/</c> is percent-encoded as UTF-8, <c>%</c> included, except the <c>%2F</c>
    /// the decoder kept encoded so it would not become a separator.
    /// </summary>
    public static string EncodePath(string path)
    {
        var span = path.AsSpan();
        var first = IndexOfUnsafePathChar(span, 0);
        if (first < 0) return path;

        var builder = new StringBuilder(path.Length + 16).Append(path, 0, first);
        Span<byte> utf8 = stackalloc byte[4];
        for (var i = first; i < path.Length;)
        {
            var next = IndexOfUnsafePathChar(span, i);
            if (next < 0)
            {
                builder.Append(path, i, path.Length - i);
                break;
            }

            builder.Append(path, i, next - i);
            var length = char.IsSurrogatePair(path, next) ? 2 : 1;
            var rune = Rune.DecodeFromUtf16(span.Slice(next, length), out var scalar, out _) == OperationStatus.Done ? scalar : Rune.ReplacementChar;
            var count = rune.EncodeToUtf8(utf8);
            foreach (var b in utf8[..count])
                builder.Append('%').Append(HeaderGrammar.UpperHexDigit(b >> 4)).Append(HeaderGrammar.UpperHexDigit(b & 0xF));
            i = next + length;
        }

        return builder.ToString();
    }

    private static int IndexOfUnsafePathChar(ReadOnlySpan<char> span, int start)
    {
        for (var i = start; i < span.Length;)
        {
            var found = span[i..].IndexOfAnyExcept(s_pathChars);
            if (found < 0) return -1;
            var at = i + found;
            if (span[at] != '%' || !span[(at + 1)..].StartsWith("2F", StringComparison.OrdinalIgnoreCase)) return at;
            i = at + 3;
        }
        return -1;
    }

    private static int IndexOfUnsafe(string url, int start)
    {
        var span = url.AsSpan();
        for (var i = start; i < span.Length;)
        {
            var found = span[i..].IndexOfAnyExcept(s_uriChars);
            if (found < 0) return -1;
            var at = i + found;
            if (span[at] != '%' || !IsEscape(span, at)) return at;
            i = at + 3;
        }
        return -1;
    }

    private static bool IsEscape(ReadOnlySpan<char> span, int at) =>
        at + 2 < span.Length && HeaderGrammar.IsHexDigit(span[at + 1]) && HeaderGrammar.IsHexDigit(span[at + 2]);

}
