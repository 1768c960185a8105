using System.Globalization;

namespace MicroWeb.Http.Files;

/// <summary>Entity tags, HTTP dates and byte ranges (RFC 9110 §8.8, §5.6.7, §14), parsed from spans.</summary>
internal static class HttpValidators
{
    /// <summary>Formats an IMF-fixdate such as <c>Sun, 06 Nov 1994 08:49:37 GMT</c>.</summary>
    public static string FormatDate(DateTimeOffset value) => value.ToUniversalTime().ToString("r", CultureInfo.InvariantCulture);

    /// <summary>Parses an IMF-fixdate; the obsolete RFC 850 and asctime forms are not accepted, so the condition is ignored.</summary>
    public static bool TryParseDate(string? value, out DateTimeOffset date) =>
        DateTimeOffset.TryParseExact(value, "r", CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal, out date);

    /// <summary>
    /// True when the If-None-Match / If-Match list contains <c>*</c> or a tag matching <paramref name="etag"/>. Weak
    /// comparison (RFC 9110 §8.8.3.2) ignores the <c>W/</c> prefix on both sides; strong comparison needs both strong and equal.
    /// </summary>
    public static bool ListMatches(string header, string etag, bool weak)
    {
        var value = header.AsSpan();
        var current = OpaqueTag(etag, out var currentIsWeak);
        if (!weak && currentIsWeak) return false;
        while (true)
        {
            value = value.TrimStart(" \t,");
            if (value.IsEmpty) return false;
            if (value[0] == '*') return true;
            var isWeak = value.StartsWith("W/", StringComparison.Ordinal);
            if (isWeak) value = value[2..];
            if (value.IsEmpty || value[0] != '"') return false;
            var end = value[1..].IndexOf('"');
            if (end < 0) return false;
            var tag = value[..(end + 2)];
            if (tag.SequenceEqual(current) && (weak || !isWeak)) return true;
            value = value[(end + 2)..];
        }
    }

    /// <summary>Strong comparison of one entity tag (If-Range): both strong and character-for-character equal.</summary>
    public static bool StrongEquals(string header, string etag) => !header.StartsWith("W/", StringComparison.Ordinal) && !etag.StartsWith("W/", StringComparison.Ordinal) && header == etag;

    private static ReadOnlySpan<char> OpaqueTag(string etag, out bool isWeak)
    {
        isWeak = etag.StartsWith("W/", StringComparison.Ordinal);
        return isWeak ? etag.AsSpan(2) : etag;
    }

    /// <summary>What a Range header asks of a representation of <c>length</c> bytes.</summary>
    public enum RangeKind
    {
        /// <summary>No usable Range: absent, malformed, another unit, or several ranges. Answer with the whole representation.</summary>
        None,
        /// <summary>One satisfiable range.</summary>
        Single,
        /// <summary>Syntactically valid but outside the representation: 416.</summary>
        Unsatisfiable,
    }

    /// <summary>
    /// Parses <c>bytes=a-b</c>, <c>bytes=a-</c> and <c>bytes=-n</c>. Several ranges are answered with the whole
    /// representation (allowed by RFC 9110 §14.2) rather than multipart/byteranges.
    /// </summary>
    public static RangeKind ParseRange(string header, long length, out long start, out long count)
    {
        start = 0;
        count = 0;
        var value = header.AsSpan().Trim();
        if (!value.StartsWith("bytes=", StringComparison.OrdinalIgnoreCase)) return RangeKind.None;
        value = value[6..].Trim();
        if (value.Contains(',')) return RangeKind.None;
        var dash = value.IndexOf('-');
        if (dash < 0) return RangeKind.None;
        var first = value[..dash].Trim();
        var last = value[(dash + 1)..].Trim();

        if (first.IsEmpty)
        {
            // Suffix range: the last n bytes.
            if (!TryParseDigits(last, out var suffix)) return RangeKind.None;
            if (suffix == 0 || length == 0) return RangeKind.Unsatisfiable;
            count = Math.Min(suffix, length);
            start = length - count;
            return RangeKind.Single;
        }
        if (!TryParseDigits(first, out var from)) return RangeKind.None;
        long to;
        if (last.IsEmpty) to = long.MaxValue;
        else if (!TryParseDigits(last, out to) || to < from) return RangeKind.None;
        if (from >= length) return RangeKind.Unsatisfiable;
        start = from;
        count = Math.Min(to, length - 1) - from + 1;
        return RangeKind.Single;
    }

    private static bool TryParseDigits(ReadOnlySpan<char> digits, out long value) =>
        long.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out value);
}
