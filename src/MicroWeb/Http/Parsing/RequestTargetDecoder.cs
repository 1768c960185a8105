using System.Buffers;
using System.Text;

namespace MicroWeb.Http.Parsing;

/// <summary>Percent-decodes a request path and removes dot segments (RFC 3986 §5.2.4).</summary>
internal static class RequestTargetDecoder
{
    /// <summary>
    /// Decodes <paramref name="raw"/> (the path part of an origin-form target, starting with '/').
    /// <c>%2F</c> is kept encoded so that it can never act as a segment separator; decoded control characters
    /// (0x00–0x1F, 0x7F), invalid escapes and invalid UTF-8 are rejected. Returns null when the path is invalid.
    /// </summary>
    public static string? DecodePath(ReadOnlySpan<byte> raw)
    {
        var needsWork = raw.IndexOf((byte)'%') >= 0 || raw.IndexOf("/."u8) >= 0;
        if (!needsWork) return Encoding.ASCII.GetString(raw);

        byte[]? rented = null;
        var buffer = raw.Length <= 512 ? stackalloc byte[512] : (rented = ArrayPool<byte>.Shared.Rent(raw.Length));
        try
        {
            var length = 0;
            for (var i = 0; i < raw.Length; i++)
            {
                var b = raw[i];
                if (b == (byte)'%')
                {
                    if (i + 2 >= raw.Length) return null;
                    var high = HeaderGrammar.HexValue(raw[i + 1]);
                    var low = HeaderGrammar.HexValue(raw[i + 2]);
                    if ((high | low) < 0) return null;
                    var decoded = (byte)(high << 4 | low);
                    // A decoded control character (NUL, CR, LF, the other C0 controls, DEL) has no business in a
                    // path and would reach logs, file names and headers; the raw target already forbids them.
                    if (decoded is < 0x20 or 0x7F) return null;
                    if (decoded == (byte)'/')
                    {
                        // Keep "%2F" as three characters: the segment structure is the client's, not the payload's.
                        buffer[length++] = (byte)'%';
                        buffer[length++] = (byte)'2';
                        buffer[length++] = (byte)'F';
                    }
                    else
                    {
                        buffer[length++] = decoded;
                    }
                    i += 2;
                }
                else
                {
                    buffer[length++] = b;
                }
            }

            length = RemoveDotSegments(buffer[..length]);
            var bytes = buffer[..length];
            if (System.Text.Unicode.Utf8.IsValid(bytes)) return Encoding.UTF8.GetString(bytes);
            return null;
        }
        finally
        {
            if (rented is not null) ArrayPool<byte>.Shared.Return(rented);
        }
    }

    /// <summary>Removes "." and ".." segments in place; a ".." at the root stays at the root. Returns the new length.</summary>
    internal static int RemoveDotSegments(Span<byte> path)
    {
        // Walk the segments, copying each kept one down over the removed ones.
        var write = 0;
        var read = 0;
        while (read < path.Length)
        {
            // path[read] is '/'; the segment runs to the next '/' or the end.
            var next = path[(read + 1)..].IndexOf((byte)'/');
            var end = next < 0 ? path.Length : read + 1 + next;
            var segment = path[(read + 1)..end];
            var isLast = end == path.Length;
            if (segment.SequenceEqual("."u8))
            {
                if (isLast) path[write++] = (byte)'/';
            }
            else if (segment.SequenceEqual(".."u8))
            {
                write = write == 0 ? 0 : path[..write].LastIndexOf((byte)'/');
                if (write < 0) write = 0;
                if (isLast) path[write++] = (byte)'/';
            }
            else
            {
                path[read..end].CopyTo(path[write..]);
                write += end - read;
            }
            read = end;
        }
        if (write == 0) path[write++] = (byte)'/';
        return write;
    }
}
