using System.Buffers;
using MicroWeb.Http;

namespace MicroWeb.Fuzz;

/// <summary>Builds multi-segment sequences, as a pipe hands them out when a request arrives in several reads.</summary>
internal static class Segments
{
    /// <summary><paramref name="data"/> as two segments split at <paramref name="at"/> (one segment when the split is at an end).</summary>
    public static ReadOnlySequence<byte> Split(ReadOnlyMemory<byte> data, int at) =>
        at <= 0 || at >= data.Length ? new ReadOnlySequence<byte>(data) : Of(data[..at], data[at..]);

    /// <summary>A sequence made of the given pieces, each its own segment.</summary>
    public static ReadOnlySequence<byte> Of(params ReadOnlyMemory<byte>[] pieces)
    {
        if (pieces.Length == 1) return new ReadOnlySequence<byte>(pieces[0]);
        var first = new Segment(pieces[0], 0);
        var last = first;
        for (var i = 1; i < pieces.Length; i++) last = last.Append(pieces[i]);
        return new ReadOnlySequence<byte>(first, 0, last, last.Memory.Length);
    }

    private sealed class Segment : ReadOnlySequenceSegment<byte>
    {
        public Segment(ReadOnlyMemory<byte> memory, long runningIndex)
        {
            Memory = memory;
            RunningIndex = runningIndex;
        }

        public Segment Append(ReadOnlyMemory<byte> memory)
        {
            var next = new Segment(memory, RunningIndex + Memory.Length);
            Next = next;
            return next;
        }
    }
}

/// <summary>A response sink for parsing without a server: the parser only fills the request.</summary>
internal sealed class NullResponseOutput : HttpResponseOutput
{
    public override bool HasStarted => false;
    public override void Write(ReadOnlySpan<byte> data) { }
    public override ValueTask WriteAsync(ReadOnlyMemory<byte> data, CancellationToken cancellationToken) => ValueTask.CompletedTask;
    public override Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    public override Task FlushAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    public override void DiscardBuffered() { }
}
