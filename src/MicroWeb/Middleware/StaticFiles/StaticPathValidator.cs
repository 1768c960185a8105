namespace MicroWeb.Middleware.StaticFiles;

/// <summary>
/// Decides whether the part of a request path below a static mount may name a file. The server has already
/// percent-decoded the path and removed dot segments; whatever could still change meaning on some file system
/// is refused here, before the disk is touched.
/// </summary>
internal static class StaticPathValidator
{
    /// <summary>
    /// Turns "/a/b.css" into "a/b.css" (and "/docs/" into "docs/"). Refuses: empty segments ("//", absolute
    /// forms), dot-only segments, dot-files unless allowed, control characters and NUL, '\' (a separator on
    /// Windows), ':' (drive letters, NTFS streams), '%' (still-encoded text such as %2F or double encoding),
    /// the other characters Windows forbids in names, and names ending in '.' or ' ' (Windows drops those).
    /// </summary>
    public static bool TryGetRelativePath(ReadOnlySpan<char> subpath, bool allowDotFiles, out ReadOnlySpan<char> relativePath)
    {
        relativePath = default;
        if (subpath.Length == 0) return true;
        if (subpath[0] != '/') return false;

        var span = subpath[1..];
        var start = 0;
        while (start < span.Length)
        {
            var length = span[start..].IndexOf('/');
            var last = length < 0;
            if (last) length = span.Length - start;
            var segment = span.Slice(start, length);
            if (!IsValidSegment(segment, allowDotFiles)) return false;
            start += length + 1;
        }
        relativePath = span;
        return true;
    }

    private static bool IsValidSegment(ReadOnlySpan<char> segment, bool allowDotFiles)
    {
        if (segment.IsEmpty) return false;
        if (segment[0] == '.' && (!allowDotFiles || segment.TrimStart('.').IsEmpty)) return false;
        if (segment[^1] is '.' or ' ') return false;
        foreach (var c in segment)
            if (c < 0x20 || c == 0x7F || c is '\\' or ':' or '%' or '*' or '?' or '"' or '<' or '>' or '|') return false;
        return true;
    }
}
