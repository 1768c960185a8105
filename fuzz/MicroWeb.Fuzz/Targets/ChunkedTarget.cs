using MicroWeb.Http.Parsing;

namespace MicroWeb.Fuzz;

/// <summary>
/// <see cref="ChunkedDecoder"/> over arbitrary bytes, fed as the request body stream feeds it: a prefix first, then
/// everything, advancing past what it consumed. Contract: invalid framing throws a 400 <see cref="BadHttpRequestException"/>
/// and nothing else; every call makes progress or asks for more; the decoded body is never longer than the input.
/// </summary>
public static class ChunkedTarget
{
    public static void Run(byte[] input)
    {
        var (split, data) = FuzzTargets.SplitPoint(input);
        try
        {
            Decode(data, split);
        }
        catch (BadHttpRequestException e) when (e.StatusCode == 400)
        {
            // The documented rejection of invalid framing.
        }
    }

    private static void Decode(byte[] data, int split)
    {
        var decoder = new ChunkedDecoder(maxTrailerBytes: 1024);
        var offset = 0;
        var available = split;
        long decoded = 0;
        // Each round consumes framing or data, or grows the buffer once; more rounds than bytes means no progress.
        for (var round = 0; round <= 2 * data.Length + 4; round++)
        {
            var buffer = Segments.Split(data.AsMemory(offset, available - offset), split - offset);
            var status = decoder.Decode(buffer, out var consumed, out var body);
            var framing = (int)buffer.Slice(0, consumed).Length;
            offset += framing;
            switch (status)
            {
                case ChunkedStatus.Done:
                    if (!decoder.IsComplete) throw new FuzzInvariantException("Done but not IsComplete");
                    return;
                case ChunkedStatus.Data:
                    if (body.IsEmpty) throw new FuzzInvariantException("Data with an empty slice");
                    decoder.DataConsumed(body.Length);
                    offset += (int)body.Length;
                    decoded += body.Length;
                    if (decoded > data.Length) throw new FuzzInvariantException("decoded more bytes than the input holds");
                    break;
                case ChunkedStatus.NeedMoreData:
                    if (available == data.Length) return; // the body is truncated: the stream reports that, not the decoder
                    available = data.Length;
                    break;
            }
        }
        throw new FuzzInvariantException("the decoder made no progress");
    }
}
