using System.Buffers;
using Microsoft.Win32.SafeHandles;
using MicroWeb.Http;
using MicroWeb.Http.Parsing;

namespace MicroWeb.Middleware.Compression;

/// <summary>
/// Stands in for the response's output while the rest of the pipeline runs. The first
/// <see cref="CompressionPolicy.MinimumSize"/> bytes are held back; once the body is known to be at least that
/// long (or the application flushes, or announced a Content-Length), the response headers decide: compress into
/// the inner output, or pass everything through unchanged.
/// </summary>
/// <remarks>
/// Once compressing, <see cref="HasStarted"/> is true: Content-Length and Content-Encoding are settled, so status
/// and headers must not change any more, just as after the server has sent them.
/// </remarks>
internal sealed class ResponseCompressionOutput : HttpResponseOutput
{
    private enum State { Undecided, PassThrough, Compressing }

    private readonly HttpResponse _response;
    private readonly HttpResponseOutput _inner;
    private readonly CompressionPolicy _policy;
    private readonly int _encoding;
    private readonly InnerStream _innerStream;
    private State _state;
    private byte[]? _pending;
    private int _pendingCount;
    private Stream? _compressor;
    private long _bytes;

    /// <param name="response">The response being compressed.</param>
    /// <param name="policy">The frozen options.</param>
    /// <param name="encoding">The negotiated encoding, or -1 when the client accepts none (then only <c>Vary</c> is added).</param>
    public ResponseCompressionOutput(HttpResponse response, CompressionPolicy policy, int encoding)
    {
        _response = response;
        _inner = response.Output;
        _policy = policy;
        _encoding = encoding;
        _innerStream = new InnerStream(_inner);
    }

    /// <summary>The negotiated encoding index, or -1.</summary>
    public int Encoding => _encoding;

    public CompressionPolicy Policy => _policy;

    public HttpResponseOutput Inner => _inner;

    public override bool HasStarted => _state == State.Compressing || _inner.HasStarted;

    /// <summary>Uncompressed body bytes the application wrote.</summary>
    public override long BytesWritten => _bytes;

    public override void Write(ReadOnlySpan<byte> data)
    {
        if (data.IsEmpty) return;
        _bytes += data.Length;
        if (_state == State.Undecided)
        {
            if (TryHold(data)) return;
            DecideAndReleasePending(knownLength: null);
        }
        if (_state == State.Compressing) _compressor!.Write(data);
        else _inner.Write(data);
    }

    public override async ValueTask WriteAsync(ReadOnlyMemory<byte> data, CancellationToken cancellationToken)
    {
        if (data.IsEmpty) return;
        _bytes += data.Length;
        if (_state == State.Undecided)
        {
            if (TryHold(data.Span)) return;
            await DecideAndReleasePendingAsync(null, cancellationToken).ConfigureAwait(false);
        }
        if (_state == State.Compressing) await _compressor!.WriteAsync(data, cancellationToken).ConfigureAwait(false);
        else await _inner.WriteAsync(data, cancellationToken).ConfigureAwait(false);
    }

    public override Task StartAsync(CancellationToken cancellationToken) => FlushAsync(cancellationToken);

    /// <remarks>
    /// Decides as the first write would (the length is known), so a body that is not compressed (not a compressible
    /// type, too small, a range, a client without the encoding) still goes out with the inner output's zero copy.
    /// </remarks>
    public override async ValueTask<bool> TrySendFileAsync(SafeFileHandle file, long offset, long count, CancellationToken cancellationToken)
    {
        if (_pendingCount > 0) return false;
        if (_state == State.Undecided) Decide(knownLength: null);
        if (_state != State.PassThrough || !await _inner.TrySendFileAsync(file, offset, count, cancellationToken).ConfigureAwait(false)) return false;
        _bytes += count;
        return true;
    }

    public override async Task FlushAsync(CancellationToken cancellationToken)
    {
        if (_state == State.Undecided) await DecideAndReleasePendingAsync(null, cancellationToken).ConfigureAwait(false);
        if (_compressor is not null) await _compressor.FlushAsync(cancellationToken).ConfigureAwait(false);
        await _inner.FlushAsync(cancellationToken).ConfigureAwait(false);
    }

    public override void Flush()
    {
        if (_state == State.Undecided) DecideAndReleasePending(null);
        _compressor?.Flush();
        _inner.Flush();
    }

    public override void DiscardBuffered()
    {
        // An error response replaces this one: drop everything, including what the compressor still holds.
        _innerStream.Discarding = true;
        _compressor?.Dispose();
        _innerStream.Discarding = false;
        _compressor = null;
        _pendingCount = 0;
        _bytes = 0;
        _state = State.Undecided;
        _inner.DiscardBuffered();
    }

    /// <summary>Called once the application has finished: decides a still-open question with the body's real length and ends the compressed stream.</summary>
    public async ValueTask CompleteAsync(CancellationToken cancellationToken)
    {
        if (_state == State.Undecided) await DecideAndReleasePendingAsync(_pendingCount, cancellationToken).ConfigureAwait(false);
        if (_compressor is { } compressor)
        {
            _compressor = null;
            await compressor.DisposeAsync().ConfigureAwait(false);
        }
    }

    /// <summary>Returns pooled memory; the compressor (if the application failed half way) is dropped without writing.</summary>
    public void Release()
    {
        if (_compressor is not null)
        {
            _innerStream.Discarding = true;
            _compressor.Dispose();
            _compressor = null;
        }
        if (_pending is not null)
        {
            ArrayPool<byte>.Shared.Return(_pending);
            _pending = null;
        }
    }

    /// <summary>Keeps <paramref name="data"/> back while the body is still below the threshold and no length was announced.</summary>
    private bool TryHold(ReadOnlySpan<byte> data)
    {
        if (_response.ContentLength is not null || _pendingCount + data.Length >= _policy.MinimumSize) return false;
        _pending ??= ArrayPool<byte>.Shared.Rent(Math.Max(_policy.MinimumSize, 16));
        data.CopyTo(_pending.AsSpan(_pendingCount));
        _pendingCount += data.Length;
        return true;
    }

    private void DecideAndReleasePending(long? knownLength)
    {
        Decide(knownLength);
        if (_pendingCount == 0) return;
        var pending = _pending.AsSpan(0, _pendingCount);
        _pendingCount = 0;
        if (_state == State.Compressing) _compressor!.Write(pending);
        else _inner.Write(pending);
    }

    private async ValueTask DecideAndReleasePendingAsync(long? knownLength, CancellationToken cancellationToken)
    {
        Decide(knownLength);
        if (_pendingCount == 0) return;
        var pending = _pending.AsMemory(0, _pendingCount);
        _pendingCount = 0;
        if (_state == State.Compressing) await _compressor!.WriteAsync(pending, cancellationToken).ConfigureAwait(false);
        else await _inner.WriteAsync(pending, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Settles compress-or-not from the response as it stands. <paramref name="knownLength"/> is the whole body's length when the application has finished.</summary>
    private void Decide(long? knownLength)
    {
        var response = _response;
        var headers = response.Headers;
        _state = State.PassThrough;
        if (_inner.HasStarted || response.StatusCode is 204 or 206 or 304 || headers.ContainsKey("Content-Encoding")
            || headers.ContainsKey("Content-Range") || !_policy.IsCompressible(response.ContentType))
            return;

        // The body's form depends on Accept-Encoding from here on, whether or not this client gets it compressed.
        AppendVary(headers);
        var length = knownLength ?? response.ContentLength;
        if (_encoding < 0 || length < _policy.MinimumSize) return;

        headers["Content-Encoding"] = CompressionPolicy.Encodings[_encoding];
        headers.Remove(KnownHeaders.ContentLength);
        headers.Remove("Accept-Ranges");
        response.ContentLength = null;
        // RFC 9110 §8.8.1: a strong validator names exact bytes; the compressed bytes are different ones.
        if (headers["ETag"] is [{ } etag] && etag.StartsWith('"')) headers["ETag"] = "W/" + etag;
        _compressor = CompressionPolicy.CreateCompressor(_encoding, _innerStream, _policy.Level, leaveOpen: true);
        _state = State.Compressing;
    }

    /// <summary>Adds <c>Accept-Encoding</c> to Vary unless it (or <c>*</c>) is there already.</summary>
    internal static void AppendVary(HeaderDictionary headers)
    {
        foreach (var value in headers["Vary"])
            if (value is not null && (value.Contains("Accept-Encoding", StringComparison.OrdinalIgnoreCase) || value.Trim() == "*")) return;
        headers.Append("Vary", "Accept-Encoding");
    }

    /// <summary>The compressor's destination: forwards to the inner output, or drops bytes while an abandoned compressor is disposed.</summary>
    private sealed class InnerStream(HttpResponseOutput inner) : Stream
    {
        public bool Discarding { get; set; }

        public override bool CanRead => false;
        public override bool CanSeek => false;
        public override bool CanWrite => true;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

        public override void Write(ReadOnlySpan<byte> buffer)
        {
            if (!Discarding) inner.Write(buffer);
        }

        public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default) =>
            Discarding ? ValueTask.CompletedTask : inner.WriteAsync(buffer, cancellationToken);

        // The compressor flushes after every sync-flush block; the socket flush is left to the output's own policy.
        public override void Flush() { }

        public override Task FlushAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
    }
}
