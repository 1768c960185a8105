using MicroWeb.Http.Forms;

namespace MicroWeb.Fuzz;

/// <summary>
/// <see cref="UrlEncodedFormParser"/> over arbitrary bytes, written whole and in two pieces. Contract: a body it cannot
/// take throws <see cref="BadHttpRequestException"/> (400 malformed, 413 over a limit) and nothing else, and where the
/// body is split makes no difference to the fields or the rejection.
/// </summary>
public static class UrlEncodedTarget
{
    // Small limits, so that short fuzz inputs reach every limit check.
    internal static FormOptions SmallLimits() => new()
    {
        KeyLengthLimit = 64,
        ValueLengthLimit = 256,
        ValueCountLimit = 16,
        MultipartBoundaryLengthLimit = 70,
        MultipartHeadersCountLimit = 8,
        MultipartHeadersLengthLimit = 1024,
        MultipartBodyLengthLimit = 64 * 1024,
        MemoryBufferThreshold = 512,
    };

    public static void Run(byte[] input)
    {
        var (split, data) = FuzzTargets.SplitPoint(input);
        var whole = Parse(data.Length, data);
        var pieces = Parse(split, data);
        if (whole != pieces) throw new FuzzInvariantException($"written in two pieces at {split}: {pieces} instead of {whole}");
    }

    private static string Parse(int split, byte[] data)
    {
        try
        {
            using var parser = new UrlEncodedFormParser(SmallLimits());
            parser.Write(data.AsSpan(0, split));
            parser.Write(data.AsSpan(split));
            using var form = parser.Complete();
            return string.Join("&", form.Select(field => $"{field.Key}={string.Join(",", field.Value.ToArray())}"));
        }
        catch (BadHttpRequestException e) when (e.StatusCode is 400 or 413)
        {
            return $"rejected {e.StatusCode}";
        }
    }
}
