using System.Buffers;
using System.Text;

namespace MicroWeb.Http.Query;

/// <summary>
/// Percent-decoding as the WHATWG URL standard's application/x-www-form-urlencoded parser does it:
/// <c>%XX</c> is a byte, the bytes are UTF-8 (invalid sequences become U+FFFD), and a <c>%</c> that is not
/// followed by two hex digits stays as written, as browsers keep it, instead of failing the request.
/// </summary>
internal static class UrlDecoder
{
    // Above this many UTF-8 bytes the scratch buffer comes from the pool instead of the stack.
    private const int StackLimit = 512;

    /// <summary>Decodes a query or form component held as characters; <c>+</c> is a space.</summary>
    public static string Decode(ReadOnlySpan<char> encoded)
    {
        if (!encoded.ContainsAny('%', '+'))
            return new string(encoded);

        var maxBytes = Encoding.UTF8.GetMaxByteCount(encoded.Length);
        byte[]? rented = null;
        var bytes = maxBytes <= StackLimit
            ? stackalloc byte[StackLimit]
            : (rented = ArrayPool<byte>.Shared.Rent(maxBytes));
        try
        {
            var length = Encoding.UTF8.GetBytes(encoded, bytes);
            return Decode(bytes[..length], plusIsSpace: true);
        }
        finally
        {
            if (rented is not null)
                ArrayPool<byte>.Shared.Return(rented);
        }
    }

    /// <summary>Decodes <paramref name="encoded"/> in place (the result is never longer) and returns it as UTF-8 text.</summary>
    public static string Decode(Span<byte> encoded, bool plusIsSpace)
    {
        var length = DecodeInPlace(encoded, plusIsSpace);
        return Encoding.UTF8.GetString(encoded[..length]);
    }

    /// <summary>Decodes in place and returns the decoded length.</summary>
    public static int DecodeInPlace(Span<byte> buffer, bool plusIsSpace)
    {
        var first = plusIsSpace ? buffer.IndexOfAny((byte)'%', (byte)'+') : buffer.IndexOf((byte)'%');
        if (first < 0)
            return buffer.Length;

        var write = first;
        for (var read = first; read < buffer.Length; read++, write++)
        {
            var b = buffer[read];
            if (b == '+' && plusIsSpace)
            {
                b = (byte)' ';
            }
            else if (b == '%' && read + 2 < buffer.Length)
            {
                var high = HeaderGrammar.HexValue(buffer[read + 1]);
                var low = HeaderGrammar.HexValue(buffer[read + 2]);
                if ((high | low) >= 0)
                {
                    b = (byte)((high << 4) | low);
                    read += 2;
                }
            }
            buffer[write] = b;
        }
        return write;
    }
}
