using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using MicroWeb.Http;

namespace MicroWeb.Server;

/// <summary>
/// The HTTP/1.1 server: binds the configured addresses, accepts connections, runs the heartbeat (Date
/// header, timeouts) and shuts down gracefully. It knows nothing of routing: it runs one
/// <see cref="RequestDelegate"/>.
/// </summary>
internal sealed class HttpServer : IAsyncDisposable
{

    private readonly ServerContext _context;
    private readonly IReadOnlyList<ServerAddress> _addresses;
    private readonly List<Socket> _listeners = [];
    private readonly List<Task> _acceptLoops = [];
    private readonly ConcurrentDictionary<long, HttpConnection> _connections = new();
    private readonly List<IPEndPoint> _boundEndPoints = [];
    private readonly List<string> _boundUrls = [];
    private readonly TlsAcceptor? _tls; // set when an https:// address is configured
    // TLS handshakes in progress, plus one for the server itself (removed by StopAsync), so that reaching 0 means
    // "stopping and no handshake left" without a race between a handshake ending and StopAsync starting to wait.
    private int _handshaking = 1;
    private readonly TaskCompletionSource _handshakesDone = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly CancellationTokenSource _stopping = new(); // abandons handshakes in progress
    private readonly Lock _inMemoryLock = new();
    private Timer? _heartbeat;
    private long _nextConnectionId;
    private long _openConnections;
    private long _refusedConnections;
    private int _lingeringRefusals;
    private bool _stopped; // Written under _inMemoryLock, so no in-memory connection is added once StopAsync snapshots.

    public HttpServer(ServerOptions options, RequestDelegate application, IServiceProvider services, ILogger logger, ApplicationValues? values = null)
    {
        _addresses = ServerAddress.ParseList(options.Urls);
        // The app's meter factory when it registered one (AddMetrics), so its meters live and die with its container.
        _context = new ServerContext(options, application, services, logger, new DateHeader(TimeProvider.System), values, new ServerMetrics(services.GetService<IMeterFactory>()));
        if (_addresses.Any(a => a.IsHttps))
        {
            // ServerOptionsBinder.Validate reports this with the configuration keys; this guards direct construction.
            var certificate = options.Certificate ?? throw new InvalidOperationException("An https:// address needs ServerOptions.Certificate.");
            _tls = new TlsAcceptor(certificate, options.CertificateChain, _context);
        }
    }

    /// <summary>The endpoints actually bound (with real ports when 0 was asked for).</summary>
    public IReadOnlyList<IPEndPoint> EndPoints => _boundEndPoints;

    /// <summary>The bound endpoints as URLs with their scheme (<c>http://127.0.0.1:5000</c>, <c>https://[::1]:5001</c>).</summary>
    public IReadOnlyList<string> Urls => _boundUrls;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        var https = new List<bool>();
        foreach (var address in _addresses)
        {
            foreach (var endPoint in address.EndPoints)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var listener = Bind(endPoint, address);
                if (listener is null) continue;
                _listeners.Add(listener);
                var bound = (IPEndPoint)listener.LocalEndPoint!;
                _boundEndPoints.Add(bound);
                _boundUrls.Add($"{address.Scheme}://{bound}");
                https.Add(address.IsHttps);
                _context.Logger.LogInformation("Now listening on: {Url}", _boundUrls[^1]);
            }
        }
        StartHeartbeat();
        for (var i = 0; i < _listeners.Count; i++) _acceptLoops.Add(AcceptLoopAsync(_listeners[i], https[i] ? _tls : null));
        return Task.CompletedTask;
    }

    /// <summary>Starts without binding any address: connections arrive through <see cref="ConnectInMemory"/> only.</summary>
    public void StartWithoutListening() => StartHeartbeat();

    /// <summary>
    /// Serves a new connection over in-memory pipes and returns the transport whose client end
    /// (<see cref="PipeTransport.ClientOutput"/>, <see cref="PipeTransport.ClientInput"/>) the caller drives.
    /// The connection is tracked like an accepted socket: timeouts, graceful shutdown and abort apply.
    /// </summary>
    /// <exception cref="ObjectDisposedException">The server is stopping or stopped.</exception>
    public PipeTransport ConnectInMemory()
    {
        var transport = new PipeTransport();
        lock (_inMemoryLock)
        {
            ObjectDisposedException.ThrowIf(_stopped, this);
            var id = Interlocked.Increment(ref _nextConnectionId);
            var connection = new HttpConnection(id, transport, _context);
            Interlocked.Increment(ref _openConnections);
            _connections[id] = connection;
            connection.Completion = Task.Run(() => RunConnectionAsync(id, connection));
        }
        return transport;
    }

    private void StartHeartbeat() =>
        _heartbeat = new Timer(static state => ((HttpServer)state!).OnHeartbeat(), this, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1));

    private Socket? Bind(IPEndPoint endPoint, ServerAddress address)
    {
        var socket = new Socket(endPoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            if (endPoint.AddressFamily == AddressFamily.InterNetworkV6 && endPoint.Address.Equals(IPAddress.IPv6Any)) socket.DualMode = true;
            socket.Bind(endPoint);
            socket.Listen(512);
            return socket;
        }
        catch (SocketException e)
        {
            socket.Dispose();
            // "localhost" also tries ::1, which a machine without IPv6 loopback cannot bind; IPv4 suffices there.
            if (endPoint.Address.Equals(IPAddress.IPv6Loopback) && address.EndPoints.Length > 1)
            {
                _context.Logger.LogDebug(e, "Could not bind {EndPoint}; continuing with IPv4 only", endPoint);
                return null;
            }
            throw new IOException(BindFailure(endPoint, address, e), e);
        }
    }

    /// <summary>One line: what failed and the fix, for the errors a first run meets (a second copy running, a low port).</summary>
    private static string BindFailure(IPEndPoint endPoint, ServerAddress address, SocketException e) => e.SocketErrorCode switch
    {
        SocketError.AddressAlreadyInUse =>
            $"Port {endPoint.Port} is in use ({address.Url}): stop the other process, or pass --port N or set Server:Port.",
        SocketError.AccessDenied =>
            $"Port {endPoint.Port} needs privileges ({address.Url}): ports below 1024 need root or CAP_NET_BIND_SERVICE; pass --port N (1024 or above) or set Server:Port.",
        SocketError.AddressNotAvailable =>
            $"Cannot bind {address.Url} ({endPoint}): the address is not one of this machine's; use localhost, * or one of its IP addresses in Server:Urls.",
        _ => $"Cannot bind {address.Url} ({endPoint}): {e.Message.TrimEnd('.')}.",
    };

    /// <param name="listener">The listening socket.</param>
    /// <param name="tls">For an https:// address: the handshake every accepted socket goes through, off this loop.</param>
    private async Task AcceptLoopAsync(Socket listener, TlsAcceptor? tls)
    {
        while (true)
        {
            Socket socket;
            try
            {
                socket = await listener.AcceptAsync().ConfigureAwait(false);
            }
            catch (Exception e) when (e is ObjectDisposedException or SocketException { SocketErrorCode: SocketError.OperationAborted or SocketError.Interrupted })
            {
                return;
            }
            catch (SocketException e)
            {
                _context.Logger.LogWarning(e, "Accept failed on {EndPoint}", listener.LocalEndPoint);
                continue;
            }

            if (Interlocked.Increment(ref _openConnections) > (_context.Options.MaxConcurrentConnections ?? long.MaxValue))
            {
                Interlocked.Decrement(ref _openConnections);
                if (tls is null) Refuse(socket);
                else RefuseTls(socket);
                continue;
            }
            var id = Interlocked.Increment(ref _nextConnectionId);
            if (tls is not null)
            {
                // The accept loop never waits on a handshake; the connection counts from now, handshake included.
                _ = HandshakeAndRunAsync(id, socket, tls);
                continue;
            }
            var connection = new HttpConnection(id, new SocketTransport(socket), _context);
            // Registered before it runs; StopAsync waits for the accept loops, so it sees every connection.
            _connections[id] = connection;
            connection.Completion = RunConnectionAsync(id, connection);
        }
    }

    private async Task RunConnectionAsync(long id, HttpConnection connection)
    {
        var measurement = _context.Metrics.ConnectionOpened(connection.LocalEndPoint);
        try
        {
            // Off the accept loop at once, onto the thread pool whatever the caller's context (as Task.Run
            // would, minus its closure, delegate and unwrap task: a connection costs a few objects less).
            await Task.CompletedTask.ConfigureAwait(ConfigureAwaitOptions.ForceYielding);
            await connection.RunAsync().ConfigureAwait(false);
        }
        finally
        {
            _connections.TryRemove(id, out _);
            Interlocked.Decrement(ref _openConnections);
            _context.Metrics.ConnectionClosed(measurement, connection.LocalEndPoint);
        }
    }

    /// <summary>
    /// Runs the TLS handshake of an accepted socket and, when it succeeds, serves the connection like any other.
    /// A failed handshake has been logged and closed by <see cref="TlsAcceptor"/>. Never throws.
    /// </summary>
    private async Task HandshakeAndRunAsync(long id, Socket socket, TlsAcceptor tls)
    {
        // Synchronously, still on the accept loop: StopAsync waits for the accept loops before it stops waiting for new handshakes.
        Interlocked.Increment(ref _handshaking);
        var served = false;
        try
        {
            await Task.CompletedTask.ConfigureAwait(ConfigureAwaitOptions.ForceYielding);
            var transport = await tls.AcceptAsync(id, socket, _stopping.Token).ConfigureAwait(false);
            if (transport is null) return;
            var connection = new HttpConnection(id, transport, _context);
            // Registered before the handshake count drops, so StopAsync (which waits for handshakes first) sees it.
            _connections[id] = connection;
            connection.Completion = RunConnectionAsync(id, connection);
            served = true;
        }
        catch (Exception e)
        {
            socket.Dispose();
            _context.Logger.LogError(e, "Unexpected error while accepting TLS connection {ConnectionId}", id);
        }
        finally
        {
            if (!served) Interlocked.Decrement(ref _openConnections);
            if (Interlocked.Decrement(ref _handshaking) == 0) _handshakesDone.TrySetResult();
        }
    }

    /// <summary>
    /// A TLS client over <see cref="ServerOptions.MaxConcurrentConnections"/> is closed without a handshake: a
    /// plaintext 503 would be garbage to it, and a handshake is the expensive part the limit protects.
    /// </summary>
    private void RefuseTls(Socket socket)
    {
        Interlocked.Increment(ref _refusedConnections);
        socket.Dispose();
    }

    /// <summary>
    /// Answers a connection over <see cref="ServerOptions.MaxConcurrentConnections"/> with 503 and closes it
    /// without serving it: one small send, then a brief read of whatever the client sends meanwhile, because
    /// closing a socket with unread bytes resets it and the client would lose the 503. Under a flood the
    /// lingering is capped, and the excess is just closed.
    /// </summary>
    private void Refuse(Socket socket)
    {
        Interlocked.Increment(ref _refusedConnections);
        _context.Metrics.ConnectionRejected(socket.LocalEndPoint);
        try
        {
            socket.Blocking = false;
            Span<byte> response = stackalloc byte[256];
            var status = StatusLines.Get(503);
            var date = _context.Date.Bytes;
            var rest = "Content-Type: text/plain; charset=utf-8\r\nContent-Length: 21\r\nConnection: close\r\n\r\nToo many connections."u8;
            status.CopyTo(response);
            date.CopyTo(response[status.Length..]);
            rest.CopyTo(response[(status.Length + date.Length)..]);
            socket.Send(response[..(status.Length + date.Length + rest.Length)]);
            socket.Shutdown(SocketShutdown.Send);
        }
        catch (SocketException)
        {
            // A full send buffer or a peer already gone: closing is all that is left to do.
            socket.Dispose();
            return;
        }
        if (Interlocked.Increment(ref _lingeringRefusals) > MaxLingeringRefusals)
        {
            Interlocked.Decrement(ref _lingeringRefusals);
            socket.Dispose();
            return;
        }
        _ = LingerAndCloseAsync(socket);
    }

    private const int MaxLingeringRefusals = 256;

    private async Task LingerAndCloseAsync(Socket socket)
    {
        var scratch = System.Buffers.ArrayPool<byte>.Shared.Rent(4096);
        try
        {
            using var linger = new CancellationTokenSource(TimeSpan.FromSeconds(1));
            // Until the client's FIN, 64 KiB or a second, whichever comes first.
            for (var read = 0; read < 64 * 1024;)
            {
                var received = await socket.ReceiveAsync(scratch, SocketFlags.None, linger.Token).ConfigureAwait(false);
                if (received == 0) break;
                read += received;
            }
        }
        catch (Exception e) when (e is SocketException or OperationCanceledException or ObjectDisposedException)
        {
            // The client went away or kept quiet: close now.
        }
        finally
        {
            System.Buffers.ArrayPool<byte>.Shared.Return(scratch);
            socket.Dispose();
            Interlocked.Decrement(ref _lingeringRefusals);
        }
    }

    private void OnHeartbeat()
    {
        _context.Date.Update();
        var refused = Interlocked.Exchange(ref _refusedConnections, 0);
        if (refused > 0)
            _context.Logger.LogWarning("Connection limit of {MaxConcurrentConnections} reached: refused {Count} connection(s) with 503 in the last second",
                _context.Options.MaxConcurrentConnections, refused);
        var now = Environment.TickCount64;
        foreach (var (_, connection) in _connections)
        {
            try
            {
                connection.OnHeartbeat(now);
            }
            catch (Exception e)
            {
                // An exception escaping a timer callback would end the process.
                _context.Logger.LogError(e, "Heartbeat failed for a connection");
            }
        }
    }

    /// <summary>
    /// Stops accepting, lets in-flight requests finish (closing idle connections at once), and aborts
    /// whatever is still running after <see cref="ServerOptions.ShutdownTimeout"/> or when
    /// <paramref name="cancellationToken"/> fires.
    /// </summary>
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        lock (_inMemoryLock)
        {
            if (_stopped) return;
            _stopped = true;
        }
        _context.IsStopping = true;
        foreach (var listener in _listeners) listener.Dispose();
        await Task.WhenAll(_acceptLoops).ConfigureAwait(false);
        // No handshake starts now; those in progress are abandoned (no request was received on them yet).
        _stopping.Cancel();
        if (Interlocked.Decrement(ref _handshaking) == 0) _handshakesDone.TrySetResult();
        await _handshakesDone.Task.ConfigureAwait(false);

        foreach (var (_, connection) in _connections) connection.RequestClose();
        _context.Logger.LogDebug("Stopping: asked {Count} connection(s) to close once their received requests are answered", _connections.Count);
        var all = Task.WhenAll(Snapshot());
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(_context.Options.ShutdownTimeout);
        try
        {
            await all.WaitAsync(timeout.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // The caller cancelling (a test host disposing) is a request, not a timeout worth a warning.
            if (cancellationToken.IsCancellationRequested) _context.Logger.LogDebug("Shutdown cancelled; aborting {Count} connection(s)", _connections.Count);
            else _context.Logger.LogWarning("Shutdown timed out; aborting {Count} connection(s)", _connections.Count);
            foreach (var (_, connection) in _connections) connection.Abort();
            await Task.WhenAll(Snapshot()).ConfigureAwait(false);
        }
        if (_heartbeat is not null) await _heartbeat.DisposeAsync().ConfigureAwait(false);
        _context.Metrics.Dispose();
    }

    private List<Task> Snapshot()
    {
        var tasks = new List<Task>();
        foreach (var (_, connection) in _connections) tasks.Add(connection.Completion);
        return tasks;
    }

    public async ValueTask DisposeAsync() => await StopAsync(CancellationToken.None).ConfigureAwait(false);
}
