using System.Net.WebSockets;

namespace MicroWeb;

/// <summary>Maps WebSocket endpoints (RFC 6455) into the app's route table.</summary>
public static class WebSocketEndpointExtensions
{
    /// <summary>
    /// Maps <paramref name="template"/> to a WebSocket endpoint: a valid handshake is accepted with
    /// <paramref name="options"/> (or the app's registered <see cref="WebSocketOptions"/>, or the defaults) and
    /// <paramref name="handler"/> runs with the open socket; the connection closes when it returns. A bad handshake gets
    /// the RFC's answer (400, 403, 426, 503; other methods than GET 405 with <c>Allow: GET</c>) and the handler does not run.
    /// </summary>
    /// <typeparam name="TBuilder">The app's type, returned so calls chain.</typeparam>
    /// <param name="app">The app.</param>
    /// <param name="template">The route template, e.g. <c>/ws/{room}</c>; route values are in the context's request.</param>
    /// <param name="handler">Runs the socket: receive until a Close, then <see cref="WebSocket.CloseAsync"/>.</param>
    /// <param name="options">Keep-alive, message size, origins, subprotocols, compression for this endpoint.</param>
    public static TBuilder MapWebSocket<TBuilder>(this TBuilder app, string template, Func<WebSocket, HttpContext, Task> handler, WebSocketOptions? options = null)
        where TBuilder : IEndpointRouteBuilder
    {
        ArgumentNullException.ThrowIfNull(handler);
        return app.Map([HttpMethods.Get, HttpMethods.Head], template, async (HttpContext context) =>
        {
            if (!string.Equals(context.Request.Method, HttpMethods.Get, StringComparison.Ordinal))
            {
                // RFC 6455 §4.1: the handshake is a GET; HEAD is routed here only to be refused with the method that works.
                context.Response.StatusCode = 405;
                context.Response.Headers["Allow"] = HttpMethods.Get;
                return;
            }
            var socket = options is null
                ? await context.WebSockets.AcceptWebSocketAsync().ConfigureAwait(false)
                : await context.WebSockets.AcceptWebSocketAsync(options).ConfigureAwait(false);
            await handler(socket, context).ConfigureAwait(false);
        });
    }
}
