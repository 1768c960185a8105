using System.Buffers;
using System.Text;
using Microsoft.Extensions.DependencyInjection;

namespace MicroWeb.Tests.Support;

/// <summary>Runs <see cref="HttpRequestParser"/> without a server.</summary>
internal static class ParserHarness
{
    public static HttpRequest NewRequest() =>
        new HttpContext(new ServiceCollection().BuildServiceProvider(), new NullResponseOutput()).Request;

    public static (ParseStatus Status, RequestRejectionReason Reason, HttpRequest Request, long Consumed) Parse(string text, ServerOptions? options = null) =>
        Parse(new ReadOnlySequence<byte>(Encoding.Latin1.GetBytes(text)), options);

    public static (ParseStatus Status, RequestRejectionReason Reason, HttpRequest Request, long Consumed) Parse(ReadOnlySequence<byte> buffer, ServerOptions? options = null)
    {
        var parser = new HttpRequestParser(options ?? new ServerOptions());
        var request = NewRequest();
        var status = parser.TryParse(buffer, request, out var consumed, out var reason);
        return (status, reason, request, buffer.Slice(0, consumed).Length);
    }

    /// <summary>A sequence made of the given pieces, each its own segment.</summary>
    public static ReadOnlySequence<byte> Segmented(params byte[][] pieces)
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

    private sealed class NullResponseOutput : HttpResponseOutput
    {
        public override bool HasStarted => false;
        public override void Write(ReadOnlySpan<byte> data) { }
        public override ValueTask WriteAsync(ReadOnlyMemory<byte> data, CancellationToken cancellationToken) => ValueTask.CompletedTask;
        public override Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;
        public override Task FlushAsync(CancellationToken cancellationToken) => Task.CompletedTask;
        public override void DiscardBuffered() { }
    }
}
