namespace MicroWeb.Testing;

/// <summary>
/// A response body as a read-only stream. Calls <paramref name="onEnd"/> exactly once: with true when the
/// body was read to its end, with false when the stream is disposed earlier or reading fails.
/// </summary>
internal sealed class ResponseContentStream(ResponseBodyReader body, Action<bool> onEnd) : Stream
{
    private int _ended;

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(_ended != 0 && !body.IsComplete, this);
        if (buffer.IsEmpty) return 0;
        int read;
        try
        {
            read = await body.ReadAsync(buffer, cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            End(false);
            throw;
        }
        if (read == 0) End(true);
        return read;
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override int Read(byte[] buffer, int offset, int count) => ReadAsync(buffer.AsMemory(offset, count)).AsTask().GetAwaiter().GetResult();

    protected override void Dispose(bool disposing)
    {
        if (disposing) End(body.IsComplete);
        base.Dispose(disposing);
    }

    private void End(bool completed)
    {
        if (Interlocked.Exchange(ref _ended, 1) == 0) onEnd(completed);
    }

    public override void Flush() { }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
