using System.Buffers;
using Microsoft.Extensions.DependencyInjection;
using MicroWeb.Http.Parsing;

namespace MicroWeb.Fuzz;

/// <summary>
/// <see cref="HttpRequestParser.TryParse"/> over arbitrary bytes. Contract: it never throws, it answers NeedMoreData,
/// Complete or Rejected; Complete consumes a non-empty prefix; and the answer does not depend on how the bytes were
/// split into segments or delivered (all at once, or a prefix first as a connection would).
/// </summary>
public static class ParserTarget
{
    // A few pipelined requests are enough to exercise the reuse of the previous request's strings.
    private const int MaxRequests = 4;

    private static readonly IServiceProvider Services = new ServiceCollection().BuildServiceProvider();

    public static void Run(byte[] input)
    {
        var (split, data) = FuzzTargets.SplitPoint(input);
        var whole = ParseAll(data, offset => new ReadOnlySequence<byte>(data.AsMemory(offset)), deliverPrefixFirst: 0);
        var segmented = ParseAll(data, offset => Segments.Split(data.AsMemory(offset), split - offset), deliverPrefixFirst: 0);
        var trickled = ParseAll(data, offset => new ReadOnlySequence<byte>(data.AsMemory(offset)), deliverPrefixFirst: split);
        if (!whole.SequenceEqual(segmented)) throw new FuzzInvariantException($"split into two segments at {split}: {Describe(segmented)} instead of {Describe(whole)}");
        if (!whole.SequenceEqual(trickled)) throw new FuzzInvariantException($"first {split} bytes delivered alone: {Describe(trickled)} instead of {Describe(whole)}");
    }

    /// <summary>Parses requests one after another like a connection does, returning what each call answered.</summary>
    private static List<(ParseStatus, RequestRejectionReason, long)> ParseAll(byte[] data, Func<int, ReadOnlySequence<byte>> view, int deliverPrefixFirst)
    {
        var results = new List<(ParseStatus, RequestRejectionReason, long)>();
        var parser = new HttpRequestParser(HeadLimits.Default);
        var request = new HttpContext(Services, new NullResponseOutput()).Request;
        var offset = 0;
        while (results.Count < MaxRequests && offset < data.Length)
        {
            var buffer = view(offset);
            var status = ParseStatus.NeedMoreData;
            RequestRejectionReason reason = default;
            SequencePosition consumed = default;
            // A connection calls again with the grown buffer after NeedMoreData; any other answer is final.
            if (offset == 0 && deliverPrefixFirst > 0 && deliverPrefixFirst < data.Length)
            {
                var prefix = buffer.Slice(0, deliverPrefixFirst);
                status = parser.TryParse(prefix, request, out consumed, out reason);
                if (status != ParseStatus.NeedMoreData) buffer = prefix;
            }
            if (status == ParseStatus.NeedMoreData) status = parser.TryParse(buffer, request, out consumed, out reason);
            var length = buffer.Slice(0, consumed).Length;
            results.Add((status, status == ParseStatus.Rejected ? reason : default, status == ParseStatus.Complete ? length : 0));
            if (status != ParseStatus.Complete) break;
            if (length == 0) throw new FuzzInvariantException("Complete consumed nothing");
            offset += (int)length;
            parser.Reset();
        }
        parser.ReleaseBuffers();
        return results;
    }

    private static string Describe(List<(ParseStatus Status, RequestRejectionReason Reason, long Consumed)> results) =>
        string.Join(", ", results.Select(r => $"{r.Status}/{r.Reason}/{r.Consumed}"));
}
