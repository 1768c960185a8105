using System.Net.WebSockets;

namespace MicroWeb.Http.WebSockets;

/// <summary>
/// The connection's side of an HTTP/1.1 upgrade (RFC 9110 §7.8), implemented by the server so the HTTP model can
/// switch protocols without knowing sockets. A context outside a server connection has none.
/// </summary>
internal interface IHttpUpgrade
{
    /// <summary>
    /// Sends the <c>101 Switching Protocols</c> head with the response's headers and hands over the connection's bytes:
    /// reads return what the client sends (starting with whatever was buffered behind the request), writes are sent at once.
    /// Null when the server is at <see cref="ServerOptions.MaxConcurrentUpgradedConnections"/> or stopping; nothing was sent then.
    /// </summary>
    ValueTask<Stream?> UpgradeAsync(CancellationToken cancellationToken);

    /// <summary>Registers the WebSocket now running over the upgraded stream, so a graceful shutdown can close it with 1001.</summary>
    void Attach(WebSocket webSocket);
}
