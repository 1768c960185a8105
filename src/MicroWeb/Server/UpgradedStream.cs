using System.Buffers;
using System.IO.Pipelines;
using System.Runtime.CompilerServices;

namespace MicroWeb.Server;

/// <summary>
/// The connection's bytes after <c>101 Switching Protocols</c>, as the duplex <see cref="Stream"/> the BCL's WebSocket
/// runs over. Reads drain the input pipe, beginning with whatever arrived behind the upgrade request (and the read the
/// connection had pending to watch for a disconnect, which becomes the first read); writes go out at once, with no
/// data-rate clock: an upgraded connection has its own keep-alive policy. One read and one write may be in progress at a
/// time, as the WebSocket guarantees. Disposing leaves the pipes to the connection, which closes them.
/// </summary>
internal sealed class UpgradedStream : Stream
{
    private readonly PipeReader _input;
    private readonly PipeWriter _output;
    private ValueTask<ReadResult> _firstRead;
    private bool _hasFirstRead;
    private volatile bool _disposed;

    /// <param name="input">The connection's input, now this stream's alone.</param>
    /// <param name="output">The connection's output, the 101 head already flushed.</param>
    /// <param name="firstRead">The read already pending on <paramref name="input"/>, when <paramref name="hasFirstRead"/>.</param>
    /// <param name="hasFirstRead">Whether there is one.</param>
    public UpgradedStream(PipeReader input, PipeWriter output, ValueTask<ReadResult> firstRead, bool hasFirstRead)
    {
        _input = input;
        _output = output;
        _firstRead = firstRead;
        _hasFirstRead = hasFirstRead;
    }

    public override bool CanRead => !_disposed;

    public override bool CanWrite => !_disposed;

    public override bool CanSeek => false;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        while (true)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            ReadResult result;
            if (_hasFirstRead)
            {
                // A value task is awaited once: ownership moves here before the await, which may throw.
                _hasFirstRead = false;
                var first = _firstRead;
                _firstRead = default;
                result = await first.ConfigureAwait(false);
            }
            else
            {
                result = await _input.ReadAsync(cancellationToken).ConfigureAwait(false);
            }
            var data = result.Buffer;
            if (!data.IsEmpty)
            {
                var count = (int)Math.Min(data.Length, buffer.Length);
                data.Slice(0, count).CopyTo(buffer.Span);
                _input.AdvanceTo(data.GetPosition(count));
                return count;
            }
            _input.AdvanceTo(data.End);
            if (result.IsCompleted) return 0;
            // Cancelled: by Dispose (the check above throws), or a leftover of the HTTP loop's CancelPendingRead: read again.
        }
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        var write = _output.WriteAsync(buffer, cancellationToken);
        return write.IsCompletedSuccessfully ? ValueTask.CompletedTask : AwaitWriteAsync(write);
    }

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder))]
    private static async ValueTask AwaitWriteAsync(ValueTask<FlushResult> write) => await write.ConfigureAwait(false);

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override Task FlushAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    // Every write is sent as it is made: there is nothing to flush.
    public override void Flush() { }

    /// <summary>Synchronous reads would block a thread on the network (docs/architecture.md); the WebSocket never makes them.</summary>
    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException("Read the upgraded connection asynchronously.");

    /// <summary>Synchronous writes would block a thread on the network; the WebSocket never makes them.</summary>
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException("Write the upgraded connection asynchronously.");

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing && !_disposed)
        {
            _disposed = true;
            // The WebSocket disposes its stream when it is aborted or closed: end a read it left pending.
            _input.CancelPendingRead();
        }
        base.Dispose(disposing);
    }
}
