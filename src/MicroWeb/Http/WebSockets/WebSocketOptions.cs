using System.Net.WebSockets;

namespace MicroWeb;

/// <summary>
/// How WebSockets (RFC 6455) accepted by <see cref="WebSocketManager.AcceptWebSocketAsync(WebSocketOptions)"/> and
/// <c>MapWebSocket</c> behave. Register one as a singleton to change the defaults of
/// <see cref="WebSocketManager.AcceptWebSocketAsync(string?)"/> app-wide.
/// </summary>
public sealed class WebSocketOptions
{
    /// <summary>
    /// How often the server sends a keep-alive frame on an idle socket: a Ping when <see cref="KeepAliveTimeout"/> is set,
    /// else an unsolicited Pong (RFC 6455 §5.5.2, §5.5.3). Default 30 s, under the 60 s idle timeout of nginx and most
    /// NATs. <see cref="TimeSpan.Zero"/> turns keep-alive frames off.
    /// </summary>
    public TimeSpan KeepAliveInterval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// How long the server waits for the Pong that answers its keep-alive Ping before it aborts the socket: the idle
    /// policy of an upgraded connection, which the HTTP keep-alive and data-rate timeouts no longer cover. Default 30 s;
    /// <see cref="Timeout.InfiniteTimeSpan"/> sends unsolicited Pongs instead and never gives up on a silent peer.
    /// </summary>
    public TimeSpan KeepAliveTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Largest message, in bytes after decompression, the server receives; a longer one closes the socket with
    /// 1009 (Message Too Big, RFC 6455 §7.4.1) and the receive returns a Close result. Default 1 MiB; <c>null</c>
    /// for no limit.
    /// </summary>
    public long? MaxMessageSize { get; set; } = 1024 * 1024;

    /// <summary>
    /// Origins (<c>https://example.com</c>, compared ignoring case) allowed to open a socket; a handshake from another
    /// origin gets 403 (RFC 6455 §10.2). A client that sends no <c>Origin</c> is not a browser page and is let through.
    /// Empty (the default) allows any origin: set it whenever the socket acts on cookies, or any page can open one in
    /// your user's name.
    /// </summary>
    public IList<string> AllowedOrigins { get; } = [];

    /// <summary>
    /// Subprotocols the endpoint speaks, in the server's order of preference; the first the client also asks for
    /// (<c>Sec-WebSocket-Protocol</c>) is selected. Empty (the default): none is selected.
    /// </summary>
    public IList<string> SubProtocols { get; } = [];

    /// <summary>
    /// Accepts the <c>permessage-deflate</c> extension (RFC 7692) when the client offers it. Off by default: compressing
    /// secrets next to attacker-chosen text in one message leaks them (CRIME/BREACH), and every socket then keeps a
    /// compression context of up to 64 KiB per direction. Messages can still opt out with
    /// <see cref="WebSocketMessageFlags.DisableCompression"/>.
    /// </summary>
    public bool EnableCompression { get; set; }

    /// <summary>
    /// With <see cref="EnableCompression"/>: forget the compression context after every message the server sends
    /// (<c>server_no_context_takeover</c>), which costs ratio and saves the server's 64 KiB per socket. Default false.
    /// </summary>
    public bool DisableServerContextTakeover { get; set; }

    internal static readonly WebSocketOptions Default = new();
}
