using System.Buffers;
using System.IO.Pipelines;
using MicroWeb.Http.Parsing;

namespace MicroWeb.Server;

/// <summary>
/// The read-only <see cref="HttpRequest.Body"/>: reads exactly the request's body from the connection's
/// input (Content-Length or chunked framing), enforces the body size limit and owns <c>100 Continue</c>:
/// it is sent the first time the application reads a body the client holds back, and nowhere else.
/// Reads are asynchronous only: a synchronous read would block a thread on the network.
/// </summary>
internal sealed class RequestBodyStream : Stream
{
    private readonly HttpConnection _connection;
    private readonly ResponseWriter _writer;
    private readonly PipeReader _input;
    private readonly ChunkedDecoder _chunked;

    // Owned by the connection flow: Start resets them per request, the application's reads advance them.
    private long _remaining;
    private bool _isChunked;
    private long _bytesRead;
    private long _maxSize;
    private bool _expectsContinue;
    private bool _continueSent;
    // Also read by the connection's OnBodyComplete / watch-read fence, hence volatile.
    private volatile bool _complete;

    public RequestBodyStream(HttpConnection connection, ResponseWriter writer, PipeReader input, int maxTrailerBytes)
    {
        _connection = connection;
        _writer = writer;
        _input = input;
        _chunked = new ChunkedDecoder(maxTrailerBytes);
    }

    /// <summary>True once the whole body has been read (or there was none).</summary>
    public bool IsComplete => _complete;

    /// <summary>Bytes of a Content-Length body not read yet (0 for chunked).</summary>
    public long Remaining => _remaining;

    /// <summary>The client sent <c>Expect: 100-continue</c> and has not been told to go on: it may never send the body.</summary>
    public bool AwaitsContinue => _expectsContinue && !_continueSent;

    public void Start(HttpRequest request, long maxSize)
    {
        _isChunked = request.IsChunked;
        _remaining = request.ContentLength ?? 0;
        _bytesRead = 0;
        _maxSize = maxSize;
        _complete = !request.HasBody;
        _expectsContinue = request.ExpectsContinue;
        _continueSent = false;
        _chunked.Reset();
    }

    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    /// <exception cref="InvalidOperationException">The body has bytes left: reading them may wait on the network, which must not block a thread.</exception>
    public override int Read(Span<byte> buffer)
    {
        // Past the end (or into nothing) there is nothing to wait for, so the answer does not depend on timing.
        if (_complete || buffer.IsEmpty) return 0;
        throw new InvalidOperationException("Synchronous reads of the request body are not supported; use ReadAsync.");
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override async ValueTask<int> ReadAsync(Memory<byte> destination, CancellationToken cancellationToken = default)
    {
        if (_complete || destination.IsEmpty) return 0;
        // Once the final response has started it is the answer; a 100 after it would be out of order.
        if (_expectsContinue && !_continueSent && !_writer.HasStarted)
        {
            _continueSent = true;
            await _writer.SendContinueAsync(cancellationToken).ConfigureAwait(false);
        }
        while (true)
        {
            // A read that has to wait for the client is timed against the body data rate.
            var pending = _input.ReadAsync(cancellationToken);
            ReadResult result;
            if (pending.IsCompleted)
            {
                result = pending.GetAwaiter().GetResult();
            }
            else
            {
                _connection.BeginBodyRead();
                try
                {
                    result = await pending.ConfigureAwait(false);
                }
                finally
                {
                    _connection.EndBodyRead();
                }
            }
            var buffer = result.Buffer;
            if (_connection.BodyRejection is var rejection and not RequestRejectionReason.Unspecified)
            {
                // The heartbeat found the client too slow and cancelled this read (or is about to cancel the next).
                _input.AdvanceTo(buffer.End);
                throw Reject(rejection);
            }
            if (result.IsCanceled && buffer.IsEmpty && !result.IsCompleted)
            {
                // A cancellation meant for another read (a shutdown's, racing this one): nothing is wrong, read on.
                _input.AdvanceTo(buffer.Start, buffer.End);
                continue;
            }
            int copied;
            if (_isChunked)
            {
                ChunkedStatus status;
                SequencePosition consumed;
                ReadOnlySequence<byte> data;
                try
                {
                    status = _chunked.Decode(buffer, out consumed, out data);
                }
                catch (BadHttpRequestException e)
                {
                    _input.AdvanceTo(buffer.End);
                    _complete = true;
                    _connection.OnBodyRejected(e.Reason);
                    throw;
                }
                if (status == ChunkedStatus.Data)
                {
                    copied = Copy(data, destination.Span);
                    _chunked.DataConsumed(copied);
                    _input.AdvanceTo(data.GetPosition(copied));
                    return Count(copied);
                }
                if (status == ChunkedStatus.Done)
                {
                    _input.AdvanceTo(consumed);
                    Completed();
                    return 0;
                }
                ThrowIfTruncated(result);
                _input.AdvanceTo(consumed, buffer.End);
                continue;
            }

            if (buffer.IsEmpty)
            {
                ThrowIfTruncated(result);
                _input.AdvanceTo(buffer.Start, buffer.End);
                continue;
            }
            var available = buffer.Slice(0, Math.Min(_remaining, buffer.Length));
            copied = Copy(available, destination.Span);
            _input.AdvanceTo(available.GetPosition(copied));
            _remaining -= copied;
            var count = Count(copied);
            if (_remaining == 0) Completed();
            return count;
        }
    }

    private BadHttpRequestException Reject(RequestRejectionReason reason)
    {
        _complete = true;
        _connection.OnBodyRejected(reason);
        return RequestRejection.Exception(reason);
    }

    private void Completed()
    {
        _complete = true;
        _connection.OnBodyComplete();
    }

    /// <summary>Reads and discards the rest of the body, up to <paramref name="limit"/> bytes; false if more remained.</summary>
    public async ValueTask<bool> DrainAsync(long limit, CancellationToken cancellationToken)
    {
        var scratch = ArrayPool<byte>.Shared.Rent(16 * 1024);
        try
        {
            long drained = 0;
            while (!_complete)
            {
                if (drained > limit) return false;
                drained += await ReadAsync(scratch, cancellationToken).ConfigureAwait(false);
            }
            return true;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(scratch);
        }
    }

    private int Count(int copied)
    {
        _bytesRead += copied;
        _connection.BodyBytesRead(copied);
        if (_bytesRead > _maxSize)
        {
            _connection.MarkBodyTooLarge();
            throw Reject(RequestRejectionReason.BodyTooLarge);
        }
        return copied;
    }

    private static int Copy(in ReadOnlySequence<byte> source, Span<byte> destination)
    {
        var count = (int)Math.Min(source.Length, destination.Length);
        source.Slice(0, count).CopyTo(destination);
        return count;
    }

    private void ThrowIfTruncated(in ReadResult result)
    {
        if (!result.IsCompleted) return;
        _input.AdvanceTo(result.Buffer.End);
        throw Reject(RequestRejectionReason.UnexpectedEndOfRequestContent);
    }

    public override void Flush() => throw new NotSupportedException();
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
