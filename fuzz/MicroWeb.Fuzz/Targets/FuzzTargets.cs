namespace MicroWeb.Fuzz;

/// <summary>
/// Every fuzz target by name, as used by fuzz/run.sh, fuzz/corpus/NAME/ and the NUnit corpus replay. A target takes
/// arbitrary bytes and returns normally when the code under test kept its contract (it parsed, or it rejected the
/// input the documented way); anything else it lets escape as an exception, which afl-fuzz records as a crash.
/// </summary>
public static class FuzzTargets
{
    public static IReadOnlyDictionary<string, Action<byte[]>> All { get; } = new Dictionary<string, Action<byte[]>>(StringComparer.Ordinal)
    {
        ["parser"] = ParserTarget.Run,
        ["chunked"] = ChunkedTarget.Run,
        ["urlencoded"] = UrlEncodedTarget.Run,
        ["multipart"] = MultipartTarget.Run,
        ["cookies"] = CookieTarget.Run,
        ["target"] = RequestTargetTarget.Run,
        ["urldecoder"] = UrlDecoderTarget.Run,
        ["route"] = RoutePatternTarget.Run,
        ["template"] = TemplateTarget.Run,
        ["security"] = SecurityTarget.Run,
    };

    /// <summary>The first byte chooses a split point in the rest, so afl explores every split of every input.</summary>
    internal static (int Split, byte[] Data) SplitPoint(byte[] input) =>
        input.Length == 0 ? (0, input) : (input[0] % input.Length, input[1..]);
}

/// <summary>A broken invariant: the input made the code under test do something its contract rules out.</summary>
public sealed class FuzzInvariantException(string message) : Exception(message);
