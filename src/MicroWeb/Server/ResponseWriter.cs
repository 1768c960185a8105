using System.Buffers;
using System.Buffers.Text;
using System.IO.Pipelines;
using Microsoft.Extensions.Primitives;
using Microsoft.Win32.SafeHandles;
using MicroWeb.Http;
using MicroWeb.Http.Parsing;

namespace MicroWeb.Server;

/// <summary>
/// Serialises one response at a time onto a connection's output: holds the body back up to the buffer
/// size so small responses get a Content-Length, then streams (chunked on HTTP/1.1, close-delimited on
/// 1.0). Nothing here flushes except when streaming; the connection flushes once per batch of pipelined
/// responses.
/// </summary>
internal sealed class ResponseWriter : HttpResponseOutput
{
    // Past this many unflushed bytes a streaming response is pushed to the socket (and waits for it).
    private const int StreamingFlushThreshold = 64 * 1024;

    private readonly HttpConnection _connection;
    private readonly PipeWriter _output;
    private readonly int _bufferLimit;

    // Everything below is owned by the connection loop's one logical flow (the application writes on its
    // behalf); the heartbeat and shutdown never touch the writer.
    private byte[] _buffer = []; // pooled; returned when the connection closes
    private int _buffered;
    private bool _started;
    private bool _chunked;
    private bool _suppressBody;
    private long _bodyBytes;

    // The current request's framing facts, given once by Reset.
    private bool _isHead;
    private bool _isHttp11;
    // The client's wish until the head is written, the decision from then on; CloseAfterResponse only turns it off.
    private bool _keepAlive;

    public ResponseWriter(HttpConnection connection, PipeWriter output, int bufferLimit)
    {
        _connection = connection;
        _output = output;
        _bufferLimit = bufferLimit;
    }

    public override bool HasStarted => _started;

    public override long BytesWritten => _bodyBytes;

    private HttpResponse Response => _connection.Context.Response;

    /// <summary>
    /// Whether the connection stays open after the current response. Decided once, when the head is written:
    /// the client's wish, unless the response says <c>Connection: close</c>, an HTTP/1.0 body has no length, the
    /// server is stopping with no further request received, or <see cref="CloseAfterResponse"/> was called.
    /// The connection reads it after the response; nothing else writes it.
    /// </summary>
    public bool KeepAlive => _keepAlive;

    /// <summary>Prepares for the next response with the request's framing facts.</summary>
    /// <param name="isHead">The request is HEAD: headers as for GET, no body.</param>
    /// <param name="isHttp11">HTTP/1.1 (chunking available, keep-alive by default) rather than 1.0.</param>
    /// <param name="keepAliveRequested">What the client asked for (its version's default and its Connection header).</param>
    public void Reset(bool isHead, bool isHttp11, bool keepAliveRequested)
    {
        _buffered = 0;
        _started = false;
        _chunked = false;
        _suppressBody = false;
        _bodyBytes = 0;
        _isHead = isHead;
        _isHttp11 = isHttp11;
        _keepAlive = keepAliveRequested;
    }

    /// <summary>
    /// The connection cannot carry another request after this response (the body's framing is lost, or too much
    /// of it is unread). A head not written yet says <c>Connection: close</c>; a head already sent said keep-alive,
    /// and the close simply follows the response, which a client must accept (RFC 9112 §9.6).
    /// </summary>
    public void CloseAfterResponse() => _keepAlive = false;

    /// <summary>Returns the pooled body buffer (when the connection closes).</summary>
    public void ReleaseBuffers()
    {
        if (_buffer.Length == 0) return;
        ArrayPool<byte>.Shared.Return(_buffer);
        _buffer = [];
    }

    public override void DiscardBuffered()
    {
        _buffered = 0;
        _bodyBytes = 0;
    }

    /// <summary>
    /// Synchronous writes never wait for the client: a streaming response's bytes stay in the output until the next
    /// awaited flush, and the connection flushes before it reads on (see <see cref="HasLargeUnflushedOutput"/>).
    /// </summary>
    public override void Write(ReadOnlySpan<byte> data) => WriteCore(data);

    public override ValueTask WriteAsync(ReadOnlyMemory<byte> data, CancellationToken cancellationToken)
    {
        if (!WriteCore(data.Span)) return ValueTask.CompletedTask;
        return FlushOutputAsync(cancellationToken);
    }

    public override Task StartAsync(CancellationToken cancellationToken) => FlushAsync(cancellationToken);

    /// <remarks>
    /// Only as the whole body of a response with a known length that has not started: the head (with that
    /// Content-Length) is flushed, then the bytes go from the file to the socket in the kernel. A HEAD response or a
    /// transport without sendfile (TLS, in-memory) answers false, and the caller writes the bytes itself.
    /// </remarks>
    public override async ValueTask<bool> TrySendFileAsync(SafeFileHandle file, long offset, long count, CancellationToken cancellationToken)
    {
        if (_started || _buffered > 0 || _isHead || count <= 0 || Response.ContentLength != count || IsBodyless(Response.StatusCode)) return false;
        if (_connection.FileSender is not { } sender) return false;
        WriteHead(finalLength: count);
        var flushed = await _connection.FlushOutputAsync(cancellationToken).ConfigureAwait(false);
        if (flushed.IsCanceled) throw new OperationCanceledException(cancellationToken);
        await _connection.SendFileAsync(sender, file, offset, count).ConfigureAwait(false);
        _bodyBytes = count;
        return true;
    }

    public override void Flush()
    {
        if (!_started) StartStreaming();
    }

    /// <summary>
    /// True when this many bytes wait in the output (synchronous writes of a streaming response) that the connection
    /// should push them before parsing a pipelined request, so batching responses never piles up a large body.
    /// </summary>
    public bool HasLargeUnflushedOutput => _output.CanGetUnflushedBytes && _output.UnflushedBytes >= StreamingFlushThreshold;

    public override async Task FlushAsync(CancellationToken cancellationToken)
    {
        if (!_started) StartStreaming();
        await _connection.FlushOutputAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Finishes the response after the application returned: sends the head and buffered body, or the
    /// final chunk. Returns false when the connection must be aborted (fewer bytes than the announced length).
    /// </summary>
    /// <exception cref="InvalidOperationException">The application announced a Content-Length it did not write (response not started yet).</exception>
    public bool Complete()
    {
        if (!_started)
        {
            var status = Response.StatusCode;
            if (Response.ContentLength is { } announced && announced != _bodyBytes && !IsBodyless(status) && !_isHead)
                throw new InvalidOperationException($"Response Content-Length mismatch: {_bodyBytes} of {announced} bytes written.");
            WriteHead(finalLength: Response.ContentLength ?? _bodyBytes);
            if (!_suppressBody && _buffered > 0) _output.Write(_buffer.AsSpan(0, _buffered));
            _buffered = 0;
            return true;
        }
        if (_chunked)
        {
            _output.Write("0\r\n\r\n"u8);
            return true;
        }
        return Response.ContentLength is not { } length || _bodyBytes >= length || _suppressBody;
    }

    /// <summary>Writes a complete, connection-closing response outside the application (rejections and timeouts).</summary>
    public void WriteStandalone(int statusCode, ReadOnlySpan<byte> dateHeader, string message)
    {
        _output.Write(StatusLines.Get(statusCode));
        _output.Write(dateHeader);
        _output.Write("Content-Type: text/plain; charset=utf-8\r\nConnection: close\r\nContent-Length: "u8);
        WriteNumber(message.Length);
        _output.Write("\r\n\r\n"u8);
        WriteAscii(message);
        _started = true;
        _keepAlive = false;
    }

    /// <summary>
    /// Writes the <c>101 Switching Protocols</c> head of an upgrade (RFC 9110 §15.2.2, §7.8): the response's headers and
    /// <c>Connection: Upgrade</c>, no body framing. After it the bytes are the new protocol's; a body write throws, as it
    /// does for any 1xx status.
    /// </summary>
    public void WriteUpgradeHead()
    {
        var headers = Response.Headers;
        foreach (var (name, values) in headers)
            foreach (var value in values)
                if (!IsValidFieldValue(value)) throw new InvalidOperationException($"Invalid character in the value of response header '{name}': only visible ASCII, space and tab are allowed.");
        _output.Write(StatusLines.Get(101));
        _output.Write(_connection.DateHeader);
        foreach (var (name, values) in headers)
        {
            if (IsFramingHeader(name)) continue;
            foreach (var value in values)
            {
                WriteAscii(name);
                _output.Write(": "u8);
                WriteAscii(value ?? "");
                _output.Write("\r\n"u8);
            }
        }
        _output.Write("Connection: Upgrade\r\n\r\n"u8);
        _started = true;
        _suppressBody = true;
        _keepAlive = false;
    }

    /// <summary>Sends the interim <c>100 Continue</c> at once; only the request body stream asks for it (RFC 9110 §10.1.1).</summary>
    public ValueTask<FlushResult> SendContinueAsync(CancellationToken cancellationToken)
    {
        _output.Write("HTTP/1.1 100 Continue\r\n\r\n"u8);
        return _output.FlushAsync(cancellationToken);
    }

    private static bool IsBodyless(int status) => status is 204 or 304 || status < 200;

    /// <summary>Takes body bytes; returns true when the caller must flush (the response is streaming).</summary>
    private bool WriteCore(ReadOnlySpan<byte> data)
    {
        if (data.IsEmpty) return false;
        if (IsBodyless(Response.StatusCode))
            throw new InvalidOperationException($"A {Response.StatusCode} response cannot have a body.");
        _bodyBytes += data.Length;
        if (Response.ContentLength is { } length && _bodyBytes > length)
            throw new InvalidOperationException($"Response Content-Length mismatch: too many bytes written ({_bodyBytes} of {length}).");

        if (!_started)
        {
            if (_isHead) return false;
            if (_buffered + data.Length <= _bufferLimit)
            {
                EnsureBuffer(_buffered + data.Length);
                data.CopyTo(_buffer.AsSpan(_buffered));
                _buffered += data.Length;
                return false;
            }
            StartStreaming();
        }
        if (_suppressBody) return false;
        WriteBody(data);
        return _output.UnflushedBytes >= StreamingFlushThreshold;
    }

    private void StartStreaming()
    {
        WriteHead(finalLength: null);
        if (_buffered > 0 && !_suppressBody) WriteBody(_buffer.AsSpan(0, _buffered));
        _buffered = 0;
    }

    private void WriteBody(ReadOnlySpan<byte> data)
    {
        if (!_chunked)
        {
            WriteContiguous(data);
            return;
        }
        var span = _output.GetSpan(18);
        Utf8Formatter.TryFormat(data.Length, span, out var written, new StandardFormat('X'));
        span[written++] = (byte)'\r';
        span[written++] = (byte)'\n';
        _output.Advance(written);
        WriteContiguous(data);
        _output.Write("\r\n"u8);
    }

    /// <summary>
    /// Copies body bytes into as few pipe segments as possible: the socket's pipe writer sends each segment
    /// with its own send call, and its default 4 KiB segments would turn a 64 KiB write into 16 sends.
    /// </summary>
    private void WriteContiguous(ReadOnlySpan<byte> data)
    {
        while (data.Length > 0)
        {
            var piece = data[..Math.Min(data.Length, StreamingFlushThreshold)];
            var target = _output.GetSpan(piece.Length);
            piece.CopyTo(target);
            _output.Advance(piece.Length);
            data = data[piece.Length..];
        }
    }

    private void EnsureBuffer(int size)
    {
        if (_buffer.Length >= size) return;
        var bigger = ArrayPool<byte>.Shared.Rent(Math.Min(Math.Max(size, Math.Max(_buffer.Length * 2, 4096)), _bufferLimit));
        _buffer.AsSpan(0, _buffered).CopyTo(bigger);
        if (_buffer.Length > 0) ArrayPool<byte>.Shared.Return(_buffer);
        _buffer = bigger;
    }

    private async ValueTask FlushOutputAsync(CancellationToken cancellationToken) =>
        await _connection.FlushOutputAsync(cancellationToken).ConfigureAwait(false);

    /// <summary>Writes the status line and header section. <paramref name="finalLength"/> is the whole body's length when it is known.</summary>
    private void WriteHead(long? finalLength)
    {
        var response = Response;
        var status = response.StatusCode;
        var headers = response.Headers;
        // Asked only when the client wants keep-alive: during shutdown the answer looks at the input.
        var keepAlive = _keepAlive && _connection.MayStayOpen();
        var contentLength = response.ContentLength;

        // Validate everything first: an exception must not leave half a head in the output.
        foreach (var (name, values) in headers)
        {
            foreach (var value in values)
                if (!IsValidFieldValue(value)) throw new InvalidOperationException($"Invalid character in the value of response header '{name}': only visible ASCII, space and tab are allowed.");
            if (string.Equals(name, KnownHeaders.Connection, StringComparison.OrdinalIgnoreCase) && ContainsClose(values)) keepAlive = false;
            if (string.Equals(name, KnownHeaders.ContentLength, StringComparison.OrdinalIgnoreCase) && contentLength is null)
            {
                if (!long.TryParse(values.ToString(), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var parsed))
                    throw new InvalidOperationException($"Invalid Content-Length response header '{values}'.");
                contentLength = parsed;
                if (finalLength is not null && finalLength != parsed && !_isHead)
                    throw new InvalidOperationException($"Response Content-Length mismatch: {finalLength} of {parsed} bytes written.");
                finalLength = parsed;
            }
        }

        _output.Write(StatusLines.Get(status));
        _output.Write(_connection.DateHeader);
        foreach (var (name, values) in headers)
        {
            if (IsFramingHeader(name)) continue;
            foreach (var value in values)
            {
                WriteAscii(name);
                _output.Write(": "u8);
                WriteAscii(value ?? "");
                _output.Write("\r\n"u8);
            }
        }

        var bodyless = IsBodyless(status);
        _suppressBody = bodyless || _isHead;
        if (!bodyless)
        {
            var length = finalLength ?? contentLength;
            if (length is { } known)
            {
                _output.Write("Content-Length: "u8);
                WriteNumber(known);
                _output.Write("\r\n"u8);
            }
            else if (!_isHead)
            {
                if (_isHttp11)
                {
                    _chunked = true;
                    _output.Write("Transfer-Encoding: chunked\r\n"u8);
                }
                else
                {
                    // HTTP/1.0 has no chunking: the end of the body is the end of the connection.
                    keepAlive = false;
                }
            }
        }
        if (!keepAlive) _output.Write("Connection: close\r\n\r\n"u8);
        else if (!_isHttp11) _output.Write("Connection: keep-alive\r\n\r\n"u8);
        else _output.Write("\r\n"u8);
        _keepAlive = keepAlive;
        _started = true;
    }

    private static bool IsFramingHeader(string name) =>
        string.Equals(name, KnownHeaders.ContentLength, StringComparison.OrdinalIgnoreCase)
        || string.Equals(name, KnownHeaders.TransferEncoding, StringComparison.OrdinalIgnoreCase)
        || string.Equals(name, KnownHeaders.Connection, StringComparison.OrdinalIgnoreCase);

    private static bool ContainsClose(StringValues values)
    {
        foreach (var value in values)
            if (value is not null && value.Contains("close", StringComparison.OrdinalIgnoreCase)) return true;
        return false;
    }

    private static bool IsValidFieldValue(string? value)
    {
        if (value is null) return true;
        foreach (var c in value)
            if (c is (< ' ' and not '\t') or >= (char)0x7F) return false;
        return true;
    }

    private void WriteAscii(string text)
    {
        var span = _output.GetSpan(text.Length);
        var written = System.Text.Encoding.ASCII.GetBytes(text, span);
        _output.Advance(written);
    }

    private void WriteNumber(long value)
    {
        var span = _output.GetSpan(20);
        Utf8Formatter.TryFormat(value, span, out var written);
        _output.Advance(written);
    }
}
