namespace MicroWeb.HttpResults;

/// <summary>
/// The stream <see cref="System.Net.ServerSentEvents.SseFormatter"/> writes an event stream to. The formatter writes
/// each event with one <see cref="WriteAsync(ReadOnlyMemory{byte}, CancellationToken)"/> and never flushes; the
/// response holds streamed bytes back until 64 KiB have piled up, so every write here is flushed: an event reaches the
/// client when it is produced. Heartbeat comments go through the same gate, so they never land inside an event.
/// </summary>
internal sealed class EventStreamBody(HttpResponse response) : Stream
{
    // HTML Living Standard §9.2.6: a line starting with a colon is a comment, ignored; the blank line ends the block.
    private static readonly ReadOnlyMemory<byte> s_heartbeat = ": \n\n"u8.ToArray();

    private readonly SemaphoreSlim _gate = new(1, 1);
    private int _wroteSinceHeartbeat;

    public override bool CanRead => false;
    public override bool CanSeek => false;
    public override bool CanWrite => true;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        await WriteAndFlushAsync(buffer, cancellationToken).ConfigureAwait(false);
        Volatile.Write(ref _wroteSinceHeartbeat, 1);
    }

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    /// <summary>Sends a comment unless an event went out since the previous heartbeat: only a silent stream needs one.</summary>
    public ValueTask HeartbeatAsync(CancellationToken cancellationToken) =>
        Interlocked.Exchange(ref _wroteSinceHeartbeat, 0) == 1 ? ValueTask.CompletedTask : WriteAndFlushAsync(s_heartbeat, cancellationToken);

    private async ValueTask WriteAndFlushAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await response.WriteAsync(buffer, cancellationToken).ConfigureAwait(false);
            await response.Body.FlushAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _gate.Release();
        }
    }

    public override Task FlushAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public override void Flush() { }

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException("An event stream is written asynchronously.");
    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing) _gate.Dispose();
        base.Dispose(disposing);
    }
}
