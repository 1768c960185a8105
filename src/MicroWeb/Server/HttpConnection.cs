using System.IO.Pipelines;
using System.Runtime.CompilerServices;
using Microsoft.Extensions.Logging;

namespace MicroWeb;

/// <summary>
/// Serves HTTP/1.1 on one transport: reads request heads, runs the application, writes responses,
/// and repeats while the connection stays alive. Pipelined requests are answered in order and their
/// responses flushed together when no further request is buffered.
/// </summary>
/// <remarks>
/// One logical flow owns the transport's input and output; the heartbeat and shutdown only touch
/// <see cref="_state"/>, <see cref="_deadline"/>, <see cref="_timedOut"/> and <see cref="_closeRequested"/>,
/// and only under <see cref="_lock"/>.
/// </remarks>
internal sealed class HttpConnection
{
    private enum State { ReadingHead, Processing, Closed }

    private readonly long _id;
    private readonly ITransport _transport;
    private readonly ServerContext _server;
    private readonly PipeReader _input;
    private readonly HttpRequestParser _parser;
    private readonly RequestBodyStream _body;
    private readonly ResponseWriter _writer;
    private readonly CancellationTokenSource _aborted = new();

    private readonly Lock _lock = new();
    private State _state;
    private long _deadline = long.MaxValue;
    private bool _timedOut;
    private bool _closeRequested;

    private long _requestCount;
    private bool _inputCompleted;
    private bool _continueSent;
    private bool _bodyTooLarge;

    public HttpConnection(long id, ITransport transport, ServerContext server)
    {
        _id = id;
        _transport = transport;
        _server = server;
        _input = transport.Input;
        var options = server.Options;
        _parser = new HttpRequestParser(options);
        _body = new RequestBodyStream(this, _input, options.MaxRequestHeadersTotalSize);
        _writer = new ResponseWriter(this, transport.Output, options.ResponseBufferSize);
        Context = new HttpContext(server.Services, _writer);
        Context.Request.RemoteEndPoint = transport.RemoteEndPoint;
        Context.Request.LocalEndPoint = transport.LocalEndPoint;
    }

    public HttpContext Context { get; }

    /// <summary>The running <see cref="RunAsync"/>, set by the server that started it.</summary>
    public Task Completion { get; set; } = Task.CompletedTask;

    /// <summary>Whether the connection stays open after the current response.</summary>
    public bool KeepAlive { get; set; }

    public ReadOnlySpan<byte> DateHeader => _server.Date.Bytes;

    /// <summary>Serves requests until the connection closes. Never throws.</summary>
    public async Task RunAsync()
    {
        var graceful = true;
        try
        {
            while (await ReadRequestHeadAsync().ConfigureAwait(false))
            {
                if (!await ProcessRequestAsync().ConfigureAwait(false)) break;
            }
        }
        catch (Exception e) when (IsConnectionFailure(e))
        {
            graceful = false;
            _server.Logger.LogDebug(e, "Connection {ConnectionId} failed", _id);
        }
        catch (Exception e)
        {
            graceful = false;
            _server.Logger.LogError(e, "Unexpected error on connection {ConnectionId}", _id);
        }
        finally
        {
            await CloseAsync(graceful).ConfigureAwait(false);
        }
    }

    /// <summary>Heartbeat: enforces the idle and header timeouts (milliseconds of <see cref="Environment.TickCount64"/>).</summary>
    public void OnHeartbeat(long now)
    {
        lock (_lock)
        {
            if (_state != State.ReadingHead || now < _deadline || _timedOut) return;
            _timedOut = true;
        }
        _input.CancelPendingRead();
    }

    /// <summary>Graceful shutdown: an idle connection closes now, a busy one after its current response.</summary>
    public void RequestClose()
    {
        lock (_lock)
        {
            _closeRequested = true;
            if (_state != State.ReadingHead) return;
        }
        _input.CancelPendingRead();
    }

    /// <summary>Tears the connection down (shutdown ran out of time).</summary>
    public void Abort()
    {
        try
        {
            _aborted.Cancel();
        }
        catch (AggregateException e)
        {
            _server.Logger.LogDebug(e, "RequestAborted callbacks failed on connection {ConnectionId}", _id);
        }
        catch (ObjectDisposedException)
        {
            // Shutdown raced the connection's own close (CloseAsync disposed the source): nothing is left to abort.
            return;
        }
        _transport.Abort();
    }

    /// <summary>Sends <c>100 Continue</c> the first time the application reads a body the client is holding back.</summary>
    public async ValueTask SendContinueIfExpectedAsync(CancellationToken cancellationToken)
    {
        if (_continueSent || !Context.Request.ExpectsContinue || _writer.HasStarted) return;
        _continueSent = true;
        _writer.WriteContinue();
        await _transport.Output.FlushAsync(cancellationToken).ConfigureAwait(false);
    }

    public void MarkBodyTooLarge() => _bodyTooLarge = true;

    // Pooled builders: these suspend once per request, and a fresh state-machine box each time would be garbage.
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    private async ValueTask<bool> ReadRequestHeadAsync()
    {
        var options = _server.Options;
        lock (_lock)
        {
            if (_closeRequested) return false;
            _state = State.ReadingHead;
            var timeout = _requestCount == 0 ? options.RequestHeadersTimeout : options.KeepAliveTimeout;
            _deadline = Environment.TickCount64 + (long)timeout.TotalMilliseconds;
        }

        var request = Context.Request;
        var tryBuffered = _requestCount > 0;
        var headerDeadlineSet = _requestCount == 0;
        while (true)
        {
            // A request already buffered (pipelining) is parsed before flushing, so responses batch up.
            if (!(tryBuffered && _input.TryRead(out var result)))
            {
                await _transport.Output.FlushAsync().ConfigureAwait(false);
                result = await _input.ReadAsync().ConfigureAwait(false);
            }
            tryBuffered = false;

            if (result.IsCanceled)
            {
                if (_timedOut && _parser.HasPartialHead) Reject(RequestRejectionReason.RequestHeadersTimeout);
                return false;
            }

            var buffer = result.Buffer;
            var status = _parser.TryParse(buffer, request, out var consumed, out var reason);
            if (status == ParseStatus.Complete)
            {
                _input.AdvanceTo(consumed);
                break;
            }
            if (status == ParseStatus.Rejected)
            {
                _input.AdvanceTo(buffer.End);
                Reject(reason);
                return false;
            }
            if (result.IsCompleted)
            {
                // The client closed mid-head (or between requests): nothing to answer.
                _inputCompleted = true;
                _input.AdvanceTo(buffer.End);
                return false;
            }
            _input.AdvanceTo(buffer.Start, buffer.End);

            if (!headerDeadlineSet && _parser.HasPartialHead)
            {
                // The idle wait is over: the head must now arrive within the header timeout.
                headerDeadlineSet = true;
                lock (_lock) _deadline = Environment.TickCount64 + (long)options.RequestHeadersTimeout.TotalMilliseconds;
            }
        }

        _parser.Reset();
        lock (_lock)
        {
            if (_timedOut)
            {
                Reject(RequestRejectionReason.RequestHeadersTimeout);
                return false;
            }
            _state = State.Processing;
            _deadline = long.MaxValue;
        }
        return true;
    }

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    private async ValueTask<bool> ProcessRequestAsync()
    {
        var options = _server.Options;
        var request = Context.Request;
        _requestCount++;
        _continueSent = false;
        _bodyTooLarge = false;
        _writer.Reset();
        Context.BeginRequest(_id, _requestCount, _aborted.Token);

        if (request.ContentLength > options.MaxRequestBodySize)
        {
            Reject(RequestRejectionReason.BodyTooLarge);
            return false;
        }
        _body.Start(request, options.MaxRequestBodySize);
        request.Body = request.HasBody ? _body : Stream.Null;
        KeepAlive = request.KeepAliveRequested && !_server.IsStopping && !Volatile.Read(ref _closeRequested);

        try
        {
            await _server.Application(Context).ConfigureAwait(false);
        }
        catch (Exception e)
        {
            if (!HandleApplicationException(e)) return false;
        }

        if (!_body.IsComplete && KeepAlive && !CanDrainBody()) KeepAlive = false;
        if (_server.IsStopping) KeepAlive = false;

        try
        {
            if (!_writer.Complete())
            {
                _server.Logger.LogError("Response to {Method} {Path} ended before its announced Content-Length; aborting the connection", request.Method, request.Path);
                Abort();
                return false;
            }
        }
        catch (InvalidOperationException e) when (!_writer.HasStarted)
        {
            LogApplicationError(e);
            Context.Response.ResetForError();
            Context.Response.StatusCode = 500;
            _writer.Complete();
        }
        finally
        {
            await Context.EndRequestAsync().ConfigureAwait(false);
        }

        if (KeepAlive && !_body.IsComplete)
        {
            try
            {
                if (!await _body.DrainAsync(options.MaxRequestBodyDrainSize, CancellationToken.None).ConfigureAwait(false)) return false;
            }
            catch (BadHttpRequestException)
            {
                return false;
            }
        }
        return KeepAlive;
    }

    private bool CanDrainBody()
    {
        var request = Context.Request;
        if (_bodyTooLarge || request.IsChunked) return false;
        // A client waiting for 100 Continue that never came will not send the body: there is nothing to drain.
        if (request.ExpectsContinue && !_continueSent) return false;
        return _body.Remaining <= _server.Options.MaxRequestBodyDrainSize;
    }

    /// <summary>Turns an application exception into a response; returns false when the connection must close now.</summary>
    private bool HandleApplicationException(Exception e)
    {
        var response = Context.Response;
        if (e is OperationCanceledException && _aborted.IsCancellationRequested) return false;
        if (e is BadHttpRequestException bad)
        {
            _server.Logger.LogDebug(bad, "Bad request {Method} {Path}: {Message}", Context.Request.Method, Context.Request.Path, bad.Message);
            if (_writer.HasStarted)
            {
                Abort();
                return false;
            }
            response.ResetForError();
            response.StatusCode = bad.StatusCode;
            response.ContentType = "text/plain; charset=utf-8";
            _writer.Write(System.Text.Encoding.UTF8.GetBytes(bad.Message));
            // The body's framing may be unknown now: close after answering.
            KeepAlive = false;
            return true;
        }

        LogApplicationError(e);
        if (_writer.HasStarted)
        {
            // Half a response is already on the wire; a 500 now would corrupt it.
            Abort();
            return false;
        }
        response.ResetForError();
        response.StatusCode = 500;
        return true;
    }

    private void LogApplicationError(Exception e) =>
        _server.Logger.LogError(e, "Unhandled exception while processing {Method} {Path} (request {TraceIdentifier})",
            Context.Request.Method, Context.Request.Path, Context.TraceIdentifier);

    private void Reject(RequestRejectionReason reason)
    {
        var status = RequestRejection.StatusCode(reason);
        var message = RequestRejection.Message(reason);
        _server.Logger.LogDebug("Rejected request on connection {ConnectionId}: {Status} {Reason}", _id, status, message);
        _writer.WriteStandalone(status, DateHeader, message);
    }

    private async ValueTask CloseAsync(bool graceful)
    {
        lock (_lock) _state = State.Closed;
        if (graceful)
        {
            try
            {
                await _transport.Output.FlushAsync().ConfigureAwait(false);
                _transport.ShutdownOutput();
                await DiscardInputAsync().ConfigureAwait(false);
            }
            catch (Exception e) when (IsConnectionFailure(e))
            {
                _server.Logger.LogDebug(e, "Connection {ConnectionId} failed while closing", _id);
            }
        }
        else
        {
            _transport.Abort();
        }
        _parser.ReleaseBuffers();
        _writer.ReleaseBuffers();
        try
        {
            await _transport.DisposeAsync().ConfigureAwait(false);
        }
        catch (Exception e) when (IsConnectionFailure(e))
        {
            _server.Logger.LogDebug(e, "Connection {ConnectionId} failed while disposing", _id);
        }
        _aborted.Dispose();
    }

    /// <summary>
    /// After our FIN, reads what the client still sends (briefly) so closing with unread data does not
    /// reset the connection before the client has read our response.
    /// </summary>
    private async ValueTask DiscardInputAsync()
    {
        // The client already sent its FIN (how most keep-alive connections end): nothing can follow it, so
        // skip the linger read and its timer-backed CancellationTokenSource.
        if (_inputCompleted) return;
        using var linger = new CancellationTokenSource(TimeSpan.FromSeconds(1));
        long discarded = 0;
        try
        {
            while (discarded < 1024 * 1024)
            {
                var result = await _input.ReadAsync(linger.Token).ConfigureAwait(false);
                discarded += result.Buffer.Length;
                _input.AdvanceTo(result.Buffer.End);
                if (result.IsCompleted || result.IsCanceled) return;
            }
        }
        catch (OperationCanceledException)
        {
            // The client kept the connection open; closing now is fine.
        }
    }

    private static bool IsConnectionFailure(Exception e) =>
        e is IOException or System.Net.Sockets.SocketException or ObjectDisposedException or OperationCanceledException or InvalidOperationException { Source: "System.IO.Pipelines" };
}
