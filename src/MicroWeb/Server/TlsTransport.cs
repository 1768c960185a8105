using System.IO.Pipelines;
using System.Net;
using System.Net.Security;
using System.Net.Sockets;

namespace MicroWeb.Server;

/// <summary>
/// An accepted socket whose TLS handshake (<see cref="TlsAcceptor"/>) has completed, exposed as pipes over the
/// <see cref="SslStream"/>: the connection reads and writes plaintext, the stream encrypts (RFC 8446).
/// </summary>
/// <remarks>
/// The semantics <see cref="HttpConnection"/> relies on are those of <see cref="SocketTransport"/>: a cancelled
/// read (<see cref="PipeReader.CancelPendingRead"/>) cancels the pending <see cref="SslStream"/> read, which keeps what
/// it has already received for the next one; <see cref="Abort"/> resets the socket so pending operations fail at once;
/// <see cref="ShutdownOutput"/> sends TLS close_notify (RFC 8446 §6.1) and then a FIN.
/// </remarks>
internal sealed class TlsTransport : ITransport
{
    private readonly Socket _socket;
    private readonly SslStream _stream;
    private Task? _shutdown;

    /// <param name="socket">The accepted socket.</param>
    /// <param name="stream">The authenticated stream over it, which owns the socket.</param>
    public TlsTransport(Socket socket, SslStream stream)
    {
        _socket = socket;
        _stream = stream;
        // TLS records carry up to 16 KiB of plaintext (RFC 8446 §5.1) and SslStream buffers a record internally, so
        // the pipe needs no bigger buffer than the plain socket's: SslStream hands over what a read asks for.
        Input = PipeReader.Create(stream, new StreamPipeReaderOptions(bufferSize: 4096, minimumReadSize: 1024, leaveOpen: true));
        // Each flush is one SslStream write: one or a few records, so pipelined responses batched by the connection
        // are encrypted together.
        Output = PipeWriter.Create(stream, new StreamPipeWriterOptions(minimumBufferSize: 4096, leaveOpen: true));
        RemoteEndPoint = socket.RemoteEndPoint;
        LocalEndPoint = socket.LocalEndPoint;
    }

    public PipeReader Input { get; }

    public PipeWriter Output { get; }

    public EndPoint? RemoteEndPoint { get; }

    public EndPoint? LocalEndPoint { get; }

    public bool IsTls => true;

    /// <summary>
    /// Best effort: bytes in the socket's kernel buffer. Plaintext SslStream has already decrypted but the pipe
    /// has not read cannot be seen from outside, and a pending TLS record may be an alert rather than a request;
    /// either way the connection only reads once more before deciding.
    /// </summary>
    public bool HasPendingInput
    {
        get
        {
            try
            {
                return _socket.Available > 0;
            }
            catch (Exception e) when (e is SocketException or ObjectDisposedException)
            {
                return false;
            }
        }
    }

    /// <summary>
    /// Sends close_notify and then a FIN. The alert is a write on the stream, so it is asynchronous; it almost
    /// always completes at once, and <see cref="DisposeAsync"/> waits for it otherwise.
    /// </summary>
    public void ShutdownOutput() => _shutdown ??= ShutdownAsync();

    private async Task ShutdownAsync()
    {
        try
        {
            // RFC 8446 §6.1: close_notify before closing the write side, so the peer can tell a complete response
            // stream from a truncation attack.
            await _stream.ShutdownAsync().ConfigureAwait(false);
            _socket.Shutdown(SocketShutdown.Send);
        }
        catch (Exception e) when (e is IOException or SocketException or ObjectDisposedException or InvalidOperationException)
        {
            // The peer is already gone; nothing left to tell it.
        }
    }

    public void Abort()
    {
        try
        {
            // Linger 0 sends RST: an aborted response must not look like a complete one.
            _socket.LingerState = new LingerOption(true, 0);
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException)
        {
        }
        // The socket, not the SslStream: pending socket operations then fail and the SslStream reports them as
        // IOException, whereas disposing an SslStream under a pending read races its buffers. DisposeAsync disposes it.
        _socket.Dispose();
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await Input.CompleteAsync().ConfigureAwait(false);
            await Output.CompleteAsync().ConfigureAwait(false);
            if (_shutdown is not null) await _shutdown.ConfigureAwait(false);
        }
        finally
        {
            await _stream.DisposeAsync().ConfigureAwait(false);
        }
    }
}
