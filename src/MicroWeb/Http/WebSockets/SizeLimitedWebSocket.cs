using System.Net.WebSockets;
using System.Runtime.CompilerServices;

namespace MicroWeb.Http.WebSockets;

/// <summary>
/// The BCL's server socket with <see cref="WebSocketOptions.MaxMessageSize"/> enforced: it counts the bytes each
/// receive returns (after decompression) until the end of the message, and when a message passes the limit it closes
/// with 1009 (RFC 6455 §7.4.1) and reports a Close result, so an ordinary receive loop ends without reading the rest.
/// Everything else is the inner socket's; there is no framing here.
/// </summary>
internal sealed class SizeLimitedWebSocket(WebSocket inner, long maxMessageSize) : WebSocket
{
    private long _messageBytes;
    private volatile bool _closedForSize;

    public override WebSocketCloseStatus? CloseStatus => _closedForSize ? WebSocketCloseStatus.MessageTooBig : inner.CloseStatus;

    public override string? CloseStatusDescription => _closedForSize ? TooBig : inner.CloseStatusDescription;

    public override WebSocketState State => inner.State;

    public override string? SubProtocol => inner.SubProtocol;

    private const string TooBig = "Message too big";

    public override async Task<WebSocketReceiveResult> ReceiveAsync(ArraySegment<byte> buffer, CancellationToken cancellationToken)
    {
        var result = await ReceiveAsync(buffer.AsMemory(), cancellationToken).ConfigureAwait(false);
        return result.MessageType == WebSocketMessageType.Close
            ? new WebSocketReceiveResult(result.Count, result.MessageType, result.EndOfMessage, CloseStatus, CloseStatusDescription)
            : new WebSocketReceiveResult(result.Count, result.MessageType, result.EndOfMessage);
    }

    // Pooled: a receive usually waits for the network, and a fresh state-machine box per message would be garbage.
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    public override async ValueTask<ValueWebSocketReceiveResult> ReceiveAsync(Memory<byte> buffer, CancellationToken cancellationToken)
    {
        if (_closedForSize) return new ValueWebSocketReceiveResult(0, WebSocketMessageType.Close, true);
        var result = await inner.ReceiveAsync(buffer, cancellationToken).ConfigureAwait(false);
        if (result.MessageType == WebSocketMessageType.Close) return result;
        _messageBytes += result.Count;
        if (_messageBytes > maxMessageSize)
        {
            _closedForSize = true;
            await inner.CloseOutputAsync(WebSocketCloseStatus.MessageTooBig, TooBig, cancellationToken).ConfigureAwait(false);
            return new ValueWebSocketReceiveResult(0, WebSocketMessageType.Close, true);
        }
        if (result.EndOfMessage) _messageBytes = 0;
        return result;
    }

    public override Task SendAsync(ArraySegment<byte> buffer, WebSocketMessageType messageType, bool endOfMessage, CancellationToken cancellationToken) =>
        inner.SendAsync(buffer, messageType, endOfMessage, cancellationToken);

    public override ValueTask SendAsync(ReadOnlyMemory<byte> buffer, WebSocketMessageType messageType, bool endOfMessage, CancellationToken cancellationToken) =>
        inner.SendAsync(buffer, messageType, endOfMessage, cancellationToken);

    public override ValueTask SendAsync(ReadOnlyMemory<byte> buffer, WebSocketMessageType messageType, WebSocketMessageFlags messageFlags, CancellationToken cancellationToken) =>
        inner.SendAsync(buffer, messageType, messageFlags, cancellationToken);

    /// <summary>After a 1009 the close frame is already sent: this waits for the client's (discarding the rest of the oversized message).</summary>
    public override Task CloseAsync(WebSocketCloseStatus closeStatus, string? statusDescription, CancellationToken cancellationToken) =>
        inner.CloseAsync(closeStatus, statusDescription, cancellationToken);

    /// <summary>A second close frame is not allowed (RFC 6455 §5.5.1): after a 1009, or once one was sent, this does nothing.</summary>
    public override Task CloseOutputAsync(WebSocketCloseStatus closeStatus, string? statusDescription, CancellationToken cancellationToken) =>
        inner.State is WebSocketState.CloseSent or WebSocketState.Closed ? Task.CompletedTask : inner.CloseOutputAsync(closeStatus, statusDescription, cancellationToken);

    public override void Abort() => inner.Abort();

    public override void Dispose() => inner.Dispose();
}
