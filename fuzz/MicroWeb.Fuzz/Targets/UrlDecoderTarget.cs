using System.Text;
using MicroWeb.Http.Query;

namespace MicroWeb.Fuzz;

/// <summary>
/// <see cref="UrlDecoder"/> and <see cref="QueryCollection.Parse"/> over arbitrary text. Contract: they never throw (a bad
/// escape stays as written, invalid UTF-8 becomes U+FFFD), decoding bytes and decoding characters agree on ASCII input, and
/// the in-place decoding never grows.
/// </summary>
public static class UrlDecoderTarget
{
    public static void Run(byte[] input)
    {
        var text = Encoding.Latin1.GetString(input);
        var fromChars = UrlDecoder.Decode(text);
        var bytes = (byte[])input.Clone();
        var fromBytes = UrlDecoder.Decode(bytes, plusIsSpace: true);
        if (Ascii.IsValid(input) && fromChars != fromBytes)
            throw new FuzzInvariantException($"characters decode to '{fromChars}' but bytes to '{fromBytes}'");

        var inPlace = (byte[])input.Clone();
        var length = UrlDecoder.DecodeInPlace(inPlace, plusIsSpace: false);
        if (length < 0 || length > input.Length) throw new FuzzInvariantException($"decoded length {length} for {input.Length} bytes");

        foreach (var (name, values) in QueryCollection.Parse(text))
        {
            if (name is null || values.Count == 0) throw new FuzzInvariantException("a query name without values");
        }
    }
}
