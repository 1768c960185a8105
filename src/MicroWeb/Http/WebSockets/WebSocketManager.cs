using System.Net.WebSockets;
using Microsoft.Extensions.DependencyInjection;
using MicroWeb.Http.WebSockets;

namespace MicroWeb;

/// <summary>
/// The WebSocket side of a request (<see cref="HttpContext.WebSockets"/>): whether it asks to upgrade, and the
/// handshake that accepts it (RFC 6455 §4.2) and hands the connection to the BCL's <see cref="WebSocket"/>.
/// </summary>
public sealed class WebSocketManager
{
    private readonly HttpContext _context;

    internal WebSocketManager(HttpContext context) => _context = context;

    /// <summary>
    /// True for a <c>GET</c> with <c>Connection: Upgrade</c> and <c>Upgrade: websocket</c> (RFC 6455 §4.1). The key and
    /// version are checked when the socket is accepted.
    /// </summary>
    public bool IsWebSocketRequest => WebSocketHandshake.IsUpgradeRequest(_context.Request) && string.Equals(_context.Request.Method, HttpMethods.Get, StringComparison.Ordinal);

    /// <summary>The subprotocols the client asked for (<c>Sec-WebSocket-Protocol</c>), in its order; empty when none.</summary>
    public IReadOnlyList<string> WebSocketRequestedProtocols => WebSocketHandshake.RequestedProtocols(_context.Request);

    /// <summary>Accepts the socket with no subprotocol and the app's <see cref="WebSocketOptions"/> (a registered singleton, or the defaults).</summary>
    /// <inheritdoc cref="AcceptWebSocketAsync(WebSocketOptions, string?)"/>
    public Task<WebSocket> AcceptWebSocketAsync() => AcceptWebSocketAsync((string?)null);

    /// <summary>Accepts the socket, selecting <paramref name="subProtocol"/>, with the app's <see cref="WebSocketOptions"/>.</summary>
    /// <inheritdoc cref="AcceptWebSocketAsync(WebSocketOptions, string?)"/>
    public Task<WebSocket> AcceptWebSocketAsync(string? subProtocol) =>
        AcceptWebSocketAsync(_context.ApplicationServices.GetService<WebSocketOptions>() ?? WebSocketOptions.Default, subProtocol);

    /// <summary>Accepts the socket with <paramref name="options"/>, selecting the first of its <see cref="WebSocketOptions.SubProtocols"/> the client asked for.</summary>
    /// <inheritdoc cref="AcceptWebSocketAsync(WebSocketOptions, string?)"/>
    public Task<WebSocket> AcceptWebSocketAsync(WebSocketOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return AcceptWebSocketAsync(options, WebSocketHandshake.SelectProtocol(options.SubProtocols, WebSocketHandshake.RequestedProtocols(_context.Request)));
    }

    /// <summary>
    /// Validates the handshake, sends <c>101 Switching Protocols</c> and returns the socket. The connection then belongs
    /// to the socket until the handler returns: complete the close handshake (<see cref="WebSocket.CloseAsync"/>) before
    /// returning, or the connection is aborted.
    /// </summary>
    /// <param name="options">Keep-alive, message size, origins and compression.</param>
    /// <param name="subProtocol">The subprotocol to select; one the client asked for, or null.</param>
    /// <exception cref="BadHttpRequestException">The handshake is not acceptable: 400 (not a WebSocket request, missing or invalid
    /// <c>Sec-WebSocket-Key</c>), 426 (a <c>Sec-WebSocket-Version</c> other than 13; the answer names 13), 403 (an origin
    /// not in <see cref="WebSocketOptions.AllowedOrigins"/>), 503 (the server is at
    /// <see cref="ServerOptions.MaxConcurrentUpgradedConnections"/> or stopping). Let it propagate: the server answers it.</exception>
    /// <exception cref="InvalidOperationException"><paramref name="subProtocol"/> was not requested by the client, the response has started, or the request is not on a server connection.</exception>
    public async Task<WebSocket> AcceptWebSocketAsync(WebSocketOptions options, string? subProtocol)
    {
        ArgumentNullException.ThrowIfNull(options);
        var request = _context.Request;
        var response = _context.Response;
        if (response.HasStarted) throw new InvalidOperationException("The response has started; a WebSocket can no longer be accepted.");
        var upgrade = _context.Upgrade ?? throw new InvalidOperationException("This request is not on a server connection that can be upgraded.");
        if (subProtocol is not null && !Contains(WebSocketHandshake.RequestedProtocols(request), subProtocol))
            throw new InvalidOperationException($"The client did not ask for the subprotocol '{subProtocol}'.");

        var key = WebSocketHandshake.Validate(request, options);
        WebSocketDeflateOptions? deflate = null;
        var extensions = "";
        if (options.EnableCompression) deflate = DeflateNegotiation.Negotiate(request, options.DisableServerContextTakeover, out extensions);

        response.Headers["Upgrade"] = "websocket";
        response.Headers["Sec-WebSocket-Accept"] = WebSocketHandshake.AcceptValue(key);
        if (subProtocol is not null) response.Headers["Sec-WebSocket-Protocol"] = subProtocol;
        if (deflate is not null) response.Headers["Sec-WebSocket-Extensions"] = extensions;

        var stream = await upgrade.UpgradeAsync(_context.RequestAborted).ConfigureAwait(false);
        if (stream is null)
        {
            response.Headers.Clear();
            throw WebSocketHandshake.Rejection("The server is not accepting more WebSocket connections.", 503);
        }

        var socket = WebSocket.CreateFromStream(stream, new WebSocketCreationOptions
        {
            IsServer = true,
            SubProtocol = subProtocol,
            KeepAliveInterval = options.KeepAliveInterval,
            KeepAliveTimeout = options.KeepAliveTimeout,
            DangerousDeflateOptions = deflate,
        });
        var result = options.MaxMessageSize is { } limit ? new SizeLimitedWebSocket(socket, limit) : socket;
        upgrade.Attach(result);
        return result;
    }

    private static bool Contains(IReadOnlyList<string> list, string value)
    {
        foreach (var item in list)
            if (string.Equals(item, value, StringComparison.Ordinal)) return true;
        return false;
    }
}
