using System.IO.Pipelines;
using Microsoft.Win32.SafeHandles;
using System.Net.WebSockets;
using System.Runtime.CompilerServices;
using Microsoft.Extensions.Logging;
using MicroWeb.Http.Parsing;
using MicroWeb.Http.WebSockets;

namespace MicroWeb.Server;

/// <summary>
/// Serves HTTP/1.1 on one transport: reads request heads, runs the application, writes responses,
/// and repeats while the connection stays alive. Pipelined requests are answered in order and their
/// responses flushed together when no further request is buffered.
/// </summary>
/// <remarks>
/// One logical flow owns the transport's input and output. While an application runs asynchronously with
/// its body fully read, that flow lends the input to a watch read that notices the client leaving and
/// becomes the next request's first read. The heartbeat and shutdown only touch <see cref="_state"/>,
/// <see cref="_deadline"/>, <see cref="_timedOut"/>, <see cref="_closeRequested"/>, <see cref="_rates"/>,
/// <see cref="_bodyRejection"/> and <see cref="_sendTimedOut"/>, and only under <see cref="_lock"/>; then
/// they act through <see cref="PipeReader.CancelPendingRead"/> or <see cref="Abort"/>.
/// Keep-alive is one value per response, decided by <see cref="ResponseWriter"/> when it writes the head
/// (<see cref="MayStayOpen"/> is the connection's part of it); <c>100 Continue</c> belongs to
/// <see cref="RequestBodyStream"/> alone. An upgrade (<see cref="UpgradeAsync"/>) gives the input and output to an
/// <see cref="UpgradedStream"/> for the rest of the connection: no HTTP timeout applies to it, and the loop ends when
/// the application returns.
/// </remarks>
internal sealed class HttpConnection : IHttpUpgrade
{
    private enum State { ReadingHead, Processing, Closed }

    // Set once in the constructor.
    private readonly long _id;
    private readonly ITransport _transport;
    private readonly ServerContext _server;
    private readonly PipeReader _input;
    private readonly HttpRequestParser _parser;
    private readonly RequestBodyStream _body;
    private readonly ResponseWriter _writer;
    private readonly CancellationTokenSource _aborted = new();

    // Guarded by _lock.
    private readonly Lock _lock = new();
    private readonly DataRateMonitor _rates;
    private State _state;
    private long _deadline = long.MaxValue;
    private bool _timedOut;
    private bool _closeRequested; // MayStayOpen also reads it without the lock (Volatile.Read): a late shutdown only closes sooner
    private volatile RequestRejectionReason _bodyRejection; // Unspecified: none (written under _lock, read anywhere)
    private bool _sendTimedOut;
    private WebSocket? _webSocket; // the upgraded connection's socket, for RequestClose to close with 1001

    // The watch read: started by whichever of the connection flow or the body stream sees "application
    // still running, body complete" last (fenced by Interlocked), consumed by the next ReadRequestHeadAsync.
    private int _applicationPending;
    // Set while the application runs at all (also its synchronous part): the input is then not the connection's to TryRead.
    private volatile bool _applicationRunning;
    private int _watching;
    private ValueTask<ReadResult> _watch;
    private volatile bool _watchReceivedData;
    // Orders starting the watch read against an upgrade taking the input (the application may run on another thread).
    private readonly Lock _inputHandoff = new();
    private bool _upgraded; // written under _inputHandoff, once; read by the connection flow after the application

    // Owned by the connection flow (the loop, and the application's body reads and writes on its behalf).
    // Keep-alive is not here: the writer decides it once per response (ResponseWriter.KeepAlive).
    private long _requestCount;
    private volatile bool _inputCompleted; // also set by the watch read, which then owns the input
    private bool _bodyTooLarge;
    private RequestTelemetry _telemetry; // this request's metrics and activity (ServerMetrics, RequestTracing)

    public HttpConnection(long id, ITransport transport, ServerContext server)
    {
        _id = id;
        _transport = transport;
        _server = server;
        _input = transport.Input;
        var options = server.Options;
        _rates = new DataRateMonitor(options);
        _parser = new HttpRequestParser(options.HeadLimits);
        _writer = new ResponseWriter(this, transport.Output, options.ResponseBufferSize);
        _body = new RequestBodyStream(this, _writer, _input, options.MaxRequestHeadersTotalSize);
        Context = new HttpContext(server.Services, _writer, server.Values);
        Context.Request.RemoteEndPoint = transport.RemoteEndPoint;
        Context.Request.LocalEndPoint = transport.LocalEndPoint;
        Context.Request.ConnectionScheme = Context.Request.Scheme = transport.IsTls ? "https" : "http";
        Context.Upgrade = this;
    }

    public HttpContext Context { get; }

    /// <summary>The transport's local endpoint (the address the connection arrived on), for the connection metrics.</summary>
    public System.Net.EndPoint? LocalEndPoint => _transport.LocalEndPoint;

    /// <summary>The running <see cref="RunAsync"/>, set by the server that started it.</summary>
    public Task Completion { get; set; } = Task.CompletedTask;

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
            try
            {
                await CloseAsync(graceful).ConfigureAwait(false);
            }
            catch (Exception e)
            {
                _server.Logger.LogError(e, "Unexpected error while closing connection {ConnectionId}", _id);
            }
        }
    }

    /// <summary>
    /// Heartbeat: enforces the idle, header and body timeouts and the minimum data rates (milliseconds of
    /// <see cref="Environment.TickCount64"/>).
    /// </summary>
    public void OnHeartbeat(long now)
    {
        DataRateViolation violation;
        lock (_lock)
        {
            violation = _rates.Check(now);
            switch (violation)
            {
                case DataRateViolation.None:
                    if (_state != State.ReadingHead || now < _deadline || _timedOut) return;
                    _timedOut = true;
                    break;
                case DataRateViolation.ResponseTooSlow:
                    if (_sendTimedOut) return;
                    _sendTimedOut = true;
                    break;
                default:
                    if (_state != State.Processing || !_rates.IsReadingBody || _bodyRejection != RequestRejectionReason.Unspecified) return;
                    _bodyRejection = violation == DataRateViolation.RequestBodyTimeout
                        ? RequestRejectionReason.RequestBodyTimeout
                        : RequestRejectionReason.RequestBodyTooSlow;
                    break;
            }
        }

        // Off the timer thread and outside the lock: cancelling a read or the RequestAborted token may run the
        // application's continuations inline, and one slow callback must not stall every connection's timeouts.
        ThreadPool.UnsafeQueueUserWorkItem(static state => state.Connection.Enforce(state.Violation, state.Now), (Connection: this, Violation: violation, Now: now), preferLocal: false);
    }

    private void Enforce(DataRateViolation violation, long now)
    {
        switch (violation)
        {
            case DataRateViolation.None:
                _input.CancelPendingRead();
                break;
            case DataRateViolation.ResponseTooSlow:
                _server.Logger.LogInformation("Connection {ConnectionId} from {RemoteEndPoint} read its response slower than {MinRate} B/s; aborting it",
                    _id, _transport.RemoteEndPoint, Context.Limits.MinResponseDataRate);
                Abort();
                break;
            case DataRateViolation.RequestBodyTimeout:
                _server.Logger.LogInformation("Connection {ConnectionId} from {RemoteEndPoint} sent no request body bytes for {Timeout}; answering 408",
                    _id, _transport.RemoteEndPoint, Context.Limits.RequestBodyTimeout);
                _input.CancelPendingRead();
                break;
            default:
                double rate;
                lock (_lock) rate = _rates.BodyRate(now);
                _server.Logger.LogInformation("Connection {ConnectionId} from {RemoteEndPoint} sent its request body at {Rate:F0} B/s, below the minimum {MinRate} B/s; answering 408",
                    _id, _transport.RemoteEndPoint, rate, Context.Limits.MinRequestBodyDataRate);
                _input.CancelPendingRead();
                break;
        }
    }

    /// <summary>Graceful shutdown: an idle connection closes now, a busy one after its current response.</summary>
    public void RequestClose()
    {
        WebSocket? socket;
        lock (_lock)
        {
            _closeRequested = true;
            socket = _webSocket;
            if (socket is null && _state != State.ReadingHead) return;
        }
        if (socket is not null) CloseForShutdown(socket);
        else _input.CancelPendingRead();
    }

    /// <summary>
    /// RFC 6455 §7.4.1: 1001, the endpoint is going away. Sent off the caller's thread (the close may wait for the
    /// application's send in progress); the application's receive then sees the client's close and its handler returns.
    /// </summary>
    private void CloseForShutdown(WebSocket socket) =>
        ThreadPool.UnsafeQueueUserWorkItem(static async state =>
        {
            try
            {
                await state.Socket.CloseOutputAsync(WebSocketCloseStatus.EndpointUnavailable, "Server shutting down", CancellationToken.None).ConfigureAwait(false);
            }
            catch (Exception e) when (e is WebSocketException or InvalidOperationException or ObjectDisposedException or IOException or OperationCanceledException)
            {
                // Already closing, closed or aborted: nothing to announce.
                state.Connection._server.Logger.LogDebug(e, "Could not close WebSocket on connection {ConnectionId} for shutdown", state.Connection._id);
            }
        }, (Socket: socket, Connection: this), preferLocal: false);

    /// <inheritdoc/>
    public async ValueTask<Stream?> UpgradeAsync(CancellationToken cancellationToken)
    {
        var limit = _server.Options.MaxConcurrentUpgradedConnections ?? long.MaxValue;
        if (_server.IsStopping || Volatile.Read(ref _closeRequested)) return null;
        if (Interlocked.Increment(ref _server.UpgradedConnections) > limit)
        {
            Interlocked.Decrement(ref _server.UpgradedConnections);
            return null;
        }
        ValueTask<ReadResult> pending = default;
        bool hasPending;
        lock (_inputHandoff)
        {
            _upgraded = true;
            // The read watching for a disconnect is the stream's first read: a pipe allows one reader at a time.
            hasPending = _watching != 0;
            if (hasPending) pending = _watch;
            _watching = 0;
            _watchReceivedData = false;
        }
        _server.Metrics.ConnectionUpgraded(_transport.LocalEndPoint, +1);
        Context.Response.SetSwitchingProtocols();
        _writer.WriteUpgradeHead();
        await FlushOutputAsync(cancellationToken).ConfigureAwait(false);
        return new UpgradedStream(_input, _transport.Output, pending, hasPending);
    }

    /// <inheritdoc/>
    public void Attach(WebSocket webSocket)
    {
        bool closing;
        lock (_lock)
        {
            _webSocket = webSocket;
            closing = _closeRequested;
        }
        // A shutdown that began between the 101 and now found no socket to close.
        if (closing) CloseForShutdown(webSocket);
    }

    /// <summary>Tears the connection down (shutdown ran out of time, or the client reads too slowly).</summary>
    public void Abort()
    {
        if (!SignalRequestAborted()) return;
        _transport.Abort();
    }

    /// <summary>Fires <see cref="HttpContext.RequestAborted"/>; false when the connection is already closed.</summary>
    private bool SignalRequestAborted()
    {
        try
        {
            _aborted.Cancel();
            return true;
        }
        catch (AggregateException e)
        {
            _server.Logger.LogDebug(e, "RequestAborted callbacks failed on connection {ConnectionId}", _id);
            return true;
        }
        catch (ObjectDisposedException)
        {
            // Raced the connection's own close (CloseAsync disposed the source): nothing is left to abort.
            return false;
        }
    }

    /// <summary>
    /// Flushes the output, timing the send against the minimum response data rate when the client is not
    /// taking the bytes at once.
    /// </summary>
    public ValueTask<FlushResult> FlushOutputAsync(CancellationToken cancellationToken)
    {
        var output = _transport.Output;
        var bytes = output.CanGetUnflushedBytes ? output.UnflushedBytes : 0;
        var flush = output.FlushAsync(cancellationToken);
        return flush.IsCompleted ? flush : AwaitSendAsync(flush, bytes);
    }

    /// <summary>
    /// The connection's own flush (before it waits for the next request, and on a graceful close). An application
    /// token that fires as the application's flush completes leaves the output's cancellation pending (the pipe writer
    /// cancels its internal token after the send), and the next flush then returns <c>IsCanceled</c> without writing:
    /// the final chunk of a stream ended by that token would stay unsent. That leftover is taken by one more flush.
    /// </summary>
    private async ValueTask FlushOwnOutputAsync()
    {
        var result = await FlushOutputAsync(CancellationToken.None).ConfigureAwait(false);
        if (result.IsCanceled) await FlushOutputAsync(CancellationToken.None).ConfigureAwait(false);
    }

    /// <summary>The transport's zero-copy file send, or null when it has none (TLS, in-memory).</summary>
    public IFileSender? FileSender => _transport as IFileSender;

    /// <summary>
    /// Sends part of a file with the transport's zero-copy send, after the output has been flushed, timed against the
    /// minimum response data rate like any other send.
    /// </summary>
    public async ValueTask SendFileAsync(IFileSender sender, SafeFileHandle file, long offset, long count)
    {
        lock (_lock) _rates.BeginSend(Environment.TickCount64, count, Context.Limits.MinResponseDataRate);
        try
        {
            await sender.SendFileAsync(file, offset, count).ConfigureAwait(false);
        }
        finally
        {
            lock (_lock) _rates.EndSend();
        }
    }

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    private async ValueTask<FlushResult> AwaitSendAsync(ValueTask<FlushResult> flush, long bytes)
    {
        lock (_lock) _rates.BeginSend(Environment.TickCount64, bytes, Context.Limits.MinResponseDataRate);
        try
        {
            return await flush.ConfigureAwait(false);
        }
        finally
        {
            lock (_lock) _rates.EndSend();
        }
    }

    /// <summary>Called by the body stream around a read that has to wait for the client.</summary>
    public void BeginBodyRead()
    {
        var limits = Context.Limits;
        lock (_lock) _rates.BeginBodyRead(Environment.TickCount64, limits.MinRequestBodyDataRate, limits.RequestBodyTimeout);
    }

    public void EndBodyRead()
    {
        lock (_lock) _rates.EndBodyRead(Environment.TickCount64);
    }

    /// <summary>Why the heartbeat rejected the current body (too slow, timed out), or <see cref="RequestRejectionReason.Unspecified"/>.</summary>
    public RequestRejectionReason BodyRejection => _bodyRejection;

    /// <summary>Every body byte taken counts toward the rate, whether it had to be waited for or not.</summary>
    public void BodyBytesRead(long count) => _rates.BodyBytesRead(count);

    /// <summary>The body stream gave up on the body (bad framing, too slow, too large): its end is unknown, so the connection closes.</summary>
    public void OnBodyRejected(RequestRejectionReason reason)
    {
        _server.Metrics.RequestRejected(reason, _transport.LocalEndPoint);
        _writer.CloseAfterResponse();
    }

    /// <summary>The body has been read to its end; an application still running may now be watched for a disconnect.</summary>
    public void OnBodyComplete()
    {
        // Pairs with the Interlocked.Exchange in ProcessRequestAsync: one of the two sides sees the other.
        Interlocked.MemoryBarrier();
        if (Volatile.Read(ref _applicationPending) == 1) StartWatchingInput();
    }

    /// <summary>
    /// The connection's part of the keep-alive decision, asked by the writer as it writes the head of a response
    /// whose client wants keep-alive. While the server stops, the connection stays open only for requests the
    /// client has already sent, so none of them is lost.
    /// </summary>
    public bool MayStayOpen()
    {
        if (!_server.IsStopping && !Volatile.Read(ref _closeRequested)) return true;
        return _body.IsComplete && HasReceivedRequestBytes();
    }

    public void MarkBodyTooLarge() => _bodyTooLarge = true;

    // Pooled builders: these suspend once per request, and a fresh state-machine box each time would be garbage.
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    private async ValueTask<bool> ReadRequestHeadAsync()
    {
        var options = _server.Options;
        bool closing;
        lock (_lock)
        {
            // Read with the state change: a RequestClose after this sees ReadingHead and cancels the read below.
            closing = _closeRequested;
            _state = State.ReadingHead;
            var timeout = _requestCount == 0 ? options.RequestHeadersTimeout : options.KeepAliveTimeout;
            _deadline = Environment.TickCount64 + (long)timeout.TotalMilliseconds;
        }
        // A stopping server still answers every request already received, then closes.
        if (closing && !HasReceivedRequestBytes()) return false;

        var request = Context.Request;
        var tryBuffered = _requestCount > 0;
        var headerDeadlineSet = _requestCount == 0;
        while (true)
        {
            ReadResult result;
            if (_watching != 0)
            {
                // The read started while the application ran is this request's first read.
                if (!_watch.IsCompleted) await FlushOwnOutputAsync().ConfigureAwait(false);
                // A value task is awaited once: ownership moves here before the await, which may throw.
                var watch = _watch;
                _watching = 0;
                result = await watch.ConfigureAwait(false);
                // After the await: the watch sets the flag as it completes.
                _watchReceivedData = false;
            }
            // A request already buffered (pipelining) is parsed before flushing, so responses batch up, unless
            // synchronous writes left a large body in the output.
            else if (!(tryBuffered && !_writer.HasLargeUnflushedOutput && _input.TryRead(out result)))
            {
                await FlushOwnOutputAsync().ConfigureAwait(false);
                result = await _input.ReadAsync().ConfigureAwait(false);
            }
            tryBuffered = false;

            var buffer = result.Buffer;
            if (result.IsCanceled)
            {
                if (_timedOut)
                {
                    if (_parser.HasPartialHead) Reject(RequestRejectionReason.RequestHeadersTimeout);
                    return false;
                }
                // Shutdown: with nothing received the connection closes; bytes already here are served. The
                // cancelled read may not have asked the socket, so its kernel buffer is asked too.
                if (buffer.IsEmpty)
                {
                    _input.AdvanceTo(buffer.End);
                    if (!_transport.HasPendingInput) return false;
                    continue;
                }
            }

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
            _rates.StartRequest();
            _bodyRejection = RequestRejectionReason.Unspecified;
        }
        return true;
    }

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    private async ValueTask<bool> ProcessRequestAsync()
    {
        var options = _server.Options;
        var request = Context.Request;
        _requestCount++;
        _bodyTooLarge = false;
        _writer.Reset(HttpMethods.IsHead(request.Method), request.IsHttp11, request.KeepAliveRequested);
        Context.BeginRequest(_id, _requestCount, _aborted.Token);
        Context.Limits.Reset(options.MinRequestBodyDataRate, options.RequestBodyTimeout, options.MinResponseDataRate);
        _telemetry.Start(_server.Metrics, Context);
        // What the request's metrics and span report: the response's status, the rejection's, or none when torn down.
        var responded = true;
        var rejectedStatus = 0;
        try
        {
            if (request.ContentLength > options.MaxRequestBodySize)
            {
                rejectedStatus = Reject(RequestRejectionReason.BodyTooLarge);
                return false;
            }
            _body.Start(request, options.MaxRequestBodySize);
            request.Body = request.HasBody ? _body : Stream.Null;

            if (IsServerWideOptions(request))
            {
                AnswerServerWideOptions();
            }
            else
            {
                try
                {
                    _applicationRunning = true;
                    var running = _server.Application(Context);
                    if (!running.IsCompleted)
                    {
                        // Pairs with OnBodyComplete's barrier.
                        Interlocked.Exchange(ref _applicationPending, 1);
                        if (_body.IsComplete) StartWatchingInput();
                    }
                    await running.ConfigureAwait(false);
                }
                catch (Exception e) when (_upgraded)
                {
                    // No HTTP answer is possible after 101: the socket is aborted below.
                    if (IsConnectionFailure(e) || e is WebSocketException) _server.Logger.LogDebug(e, "WebSocket on connection {ConnectionId} failed", _id);
                    else LogApplicationError(e);
                    _telemetry.ErrorType = e.GetType().FullName;
                }
                catch (Exception e)
                {
                    if (!HandleApplicationException(e))
                    {
                        responded = false;
                        return false;
                    }
                }
                finally
                {
                    Volatile.Write(ref _applicationPending, 0);
                    _applicationRunning = false;
                }
            }

            if (_upgraded)
            {
                await Context.EndRequestAsync().ConfigureAwait(false);
                return EndUpgraded();
            }

            if (!_body.IsComplete && _writer.KeepAlive && !CanDrainBody()) _writer.CloseAfterResponse();

            try
            {
                if (!_writer.Complete())
                {
                    _server.Logger.LogError("Response to {Method} {Path} ended before its announced Content-Length; aborting the connection", request.Method, request.Path);
                    Abort();
                    responded = false;
                    // A low-cardinality name of our own (semconv allows them where no exception exists).
                    _telemetry.ErrorType ??= "response_incomplete";
                    return false;
                }
            }
            catch (InvalidOperationException e) when (!_writer.HasStarted)
            {
                LogApplicationError(e);
                _telemetry.ErrorType = e.GetType().FullName;
                Context.Response.ResetForError();
                Context.Response.StatusCode = 500;
                _writer.Complete();
            }
            finally
            {
                await Context.EndRequestAsync().ConfigureAwait(false);
            }
        }
        finally
        {
            _telemetry.Stop(_server.Metrics, Context, !responded ? null : rejectedStatus != 0 ? rejectedStatus : Context.Response.StatusCode);
        }

        if (_writer.KeepAlive && !_body.IsComplete)
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
        return _writer.KeepAlive;
    }

    /// <summary>
    /// The application has returned from an upgraded connection, which ends with it: gracefully when its WebSocket
    /// completed the close handshake, else aborted (a half-closed socket has no one left to finish it). Always false.
    /// </summary>
    private bool EndUpgraded()
    {
        WebSocket? socket;
        lock (_lock)
        {
            socket = _webSocket;
            _webSocket = null;
        }
        Interlocked.Decrement(ref _server.UpgradedConnections);
        _server.Metrics.ConnectionUpgraded(_transport.LocalEndPoint, -1);
        if (socket is not { State: WebSocketState.Closed })
        {
            socket?.Abort();
            Abort();
        }
        socket?.Dispose();
        return false;
    }

    /// <summary><c>OPTIONS *</c> asks about the server, not a resource (RFC 9110 §9.3.7): the server answers it itself.</summary>
    private static bool IsServerWideOptions(HttpRequest request) =>
        request.RawTarget is "*" && ReferenceEquals(request.Method, HttpMethods.Options);

    private void AnswerServerWideOptions()
    {
        var response = Context.Response;
        response.StatusCode = 200;
        response.Headers["Allow"] = HttpMethods.ServerAllow;
    }

    /// <summary>Lends the input to a read that fires RequestAborted if the client leaves while the application runs.</summary>
    private void StartWatchingInput()
    {
        lock (_inputHandoff)
        {
            if (_upgraded || _inputCompleted || Interlocked.CompareExchange(ref _watching, 1, 0) != 0) return;
            _watch = WatchInputAsync();
        }
    }

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    private async ValueTask<ReadResult> WatchInputAsync()
    {
        ReadResult result;
        try
        {
            result = await _input.ReadAsync().ConfigureAwait(false);
        }
        catch (Exception e) when (IsConnectionFailure(e))
        {
            _server.Logger.LogDebug(e, "Connection {ConnectionId} failed while its request was being processed", _id);
            SignalRequestAborted();
            throw;
        }
        if (result.IsCompleted && result.Buffer.IsEmpty && !result.IsCanceled)
        {
            _inputCompleted = true;
            _server.Logger.LogDebug("Client closed connection {ConnectionId} while its request was being processed", _id);
            SignalRequestAborted();
        }
        else if (!result.Buffer.IsEmpty)
        {
            _watchReceivedData = true;
        }
        return result;
    }

    /// <summary>Whether bytes of another request have been received (buffered, or waiting in the transport).</summary>
    private bool HasReceivedRequestBytes()
    {
        if (Volatile.Read(ref _watching) != 0) return _watchReceivedData || _transport.HasPendingInput;
        // The input belongs to the application while it runs; only the transport can be asked then.
        if (!_applicationRunning && _input.TryRead(out var result))
        {
            var any = !result.Buffer.IsEmpty;
            _input.AdvanceTo(result.Buffer.Start);
            if (any) return true;
        }
        return _transport.HasPendingInput;
    }

    private bool CanDrainBody()
    {
        var request = Context.Request;
        if (_bodyTooLarge || request.IsChunked) return false;
        // A client waiting for 100 Continue that never came will not send the body: there is nothing to drain.
        if (_body.AwaitsContinue) return false;
        return _body.Remaining <= _server.Options.MaxRequestBodyDrainSize;
    }

    /// <summary>Turns an application exception into a response; returns false when the connection must close now.</summary>
    private bool HandleApplicationException(Exception e)
    {
        var response = Context.Response;
        // semconv error.type: the exception's full type name (as ASP.NET Core reports it); the reason for the server's own rejections.
        _telemetry.ErrorType = e is BadHttpRequestException { Reason: not RequestRejectionReason.Unspecified } rejection
            ? rejection.Reason.ToString()
            : e.GetType().FullName;
        if (_aborted.IsCancellationRequested && (e is OperationCanceledException || IsConnectionFailure(e)))
        {
            // The client left or the connection was aborted: whatever the application was doing has no one to answer.
            _server.Logger.LogDebug(e, "Request {TraceIdentifier} ended by its connection's abort", Context.TraceIdentifier);
            return false;
        }
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
            if (bad.ResponseHeader is { } header) response.Headers[header.Name] = header.Value;
            response.ContentType = "text/plain; charset=utf-8";
            _writer.Write(System.Text.Encoding.UTF8.GetBytes(bad.Message));
            // The body's framing may be unknown now: close after answering.
            _writer.CloseAfterResponse();
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

    /// <summary>Answers a rejection with its standalone response and closes; returns the status sent.</summary>
    private int Reject(RequestRejectionReason reason)
    {
        var status = RequestRejection.StatusCode(reason);
        _server.Metrics.RequestRejected(reason, _transport.LocalEndPoint);
        _telemetry.ErrorType = reason.ToString();
        var message = RequestRejection.Message(reason);
        // Everything else a client gets wrong is its own business (Debug); this one is usually a misconfigured
        // client or proxy that an operator wants to hear about.
        if (reason == RequestRejectionReason.TlsHandshakeOnPlainHttp)
            _server.Logger.LogInformation("Connection {ConnectionId} from {RemoteEndPoint}: a TLS handshake reached a plain-HTTP endpoint; answered 400. The client probably used https:// for an http:// address",
                _id, _transport.RemoteEndPoint);
        else
            _server.Logger.LogDebug("Rejected request on connection {ConnectionId}: {Status} {Reason}", _id, status, message);
        _writer.WriteStandalone(status, DateHeader, message);
        return status;
    }

    private async ValueTask CloseAsync(bool graceful)
    {
        lock (_lock) _state = State.Closed;
        try
        {
            await FinishAsync(graceful).ConfigureAwait(false);
        }
        finally
        {
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
    }

    /// <summary>Ends the watch read, then sends what is left and a FIN (graceful) or resets the connection.</summary>
    private async ValueTask FinishAsync(bool graceful)
    {
        if (_watching != 0)
        {
            // The watch read still owns the input: end it before anything else reads or completes it.
            var watch = _watch;
            if (!watch.IsCompleted) _input.CancelPendingRead();
            _watching = 0;
            _watchReceivedData = false;
            try
            {
                var result = await watch.ConfigureAwait(false);
                _input.AdvanceTo(result.Buffer.End);
            }
            catch (Exception e) when (IsConnectionFailure(e))
            {
                graceful = false;
            }
        }
        if (graceful)
        {
            try
            {
                await FlushOwnOutputAsync().ConfigureAwait(false);
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
                // A cancelled result is a leftover of an earlier CancelPendingRead, not the end: keep lingering.
                if (result.IsCompleted) return;
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
