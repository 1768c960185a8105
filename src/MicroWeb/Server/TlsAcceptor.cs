using System.Diagnostics;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.Logging;

namespace MicroWeb.Server;

/// <summary>
/// Runs the server side of the TLS handshake for an accepted socket of an <c>https://</c> address, within
/// <see cref="ServerOptions.TlsHandshakeTimeout"/>, and turns it into a <see cref="TlsTransport"/>. Failures (a timeout,
/// a client that is not speaking TLS, no common protocol version or ALPN protocol) are logged in one line and close
/// only that socket.
/// </summary>
internal sealed class TlsAcceptor
{
    // Just enough of a response for a browser or curl pointed at https:// with http://, as nginx does; the socket then
    // closes. 400 because the request cannot be served on this port (RFC 9110 §15.5.1).
    private static ReadOnlySpan<byte> PlainHttpBody => "This port expects HTTPS (TLS); send the request to an https:// URL."u8;

    private readonly SslServerAuthenticationOptions _options;
    private readonly TimeSpan _timeout;
    private readonly ServerContext _server;

    public TlsAcceptor(X509Certificate2 certificate, X509Certificate2Collection? chain, ServerContext server)
    {
        _server = server;
        _timeout = server.Options.TlsHandshakeTimeout;
        _options = new SslServerAuthenticationOptions
        {
            // Built once: the chain and the key handle are shared by every handshake instead of being resolved per connection.
            // offline: intermediates come from the configured chain (or the machine's stores), never fetched at startup.
            ServerCertificateContext = SslStreamCertificateContext.Create(certificate, chain, offline: true),
            // TLS 1.2 and 1.3 only (RFC 8996 deprecates 1.0 and 1.1; RFC 8446 is 1.3).
            EnabledSslProtocols = SslProtocols.Tls12 | SslProtocols.Tls13,
            // ALPN (RFC 7301): the server speaks HTTP/1.1 only. A client offering only h2 has no common protocol and
            // the handshake fails with no_application_protocol (RFC 7301 §3.2); one offering nothing gets HTTP/1.1.
            ApplicationProtocols = [SslApplicationProtocol.Http11],
            ClientCertificateRequired = false,
            CertificateRevocationCheckMode = X509RevocationMode.NoCheck,
            // Renegotiation (TLS 1.2) is a DoS vector and HTTP/1.1 here has no use for it.
            AllowRenegotiation = false,
        };
    }

    /// <summary>
    /// Handshakes on <paramref name="socket"/>; returns the transport, or null when the connection failed and has
    /// been closed. <paramref name="stopping"/> abandons the handshake (the server is shutting down). Never throws.
    /// </summary>
    public async Task<TlsTransport?> AcceptAsync(long id, Socket socket, CancellationToken stopping)
    {
        var remote = socket.RemoteEndPoint;
        var started = Stopwatch.GetTimestamp();
        SslStream? stream = null;
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(stopping);
        timeout.CancelAfter(_timeout);
        try
        {
            socket.NoDelay = true;
            if (!await StartsWithTlsRecordAsync(socket, timeout.Token).ConfigureAwait(false))
            {
                _server.Logger.LogInformation("Connection {ConnectionId} from {RemoteEndPoint}: plain HTTP reached an https:// endpoint; answered 400. The client probably used http:// for an https:// address",
                    id, remote);
                await AnswerPlainHttpAsync(socket, timeout.Token).ConfigureAwait(false);
                socket.Dispose();
                return null;
            }
            stream = new SslStream(new NetworkStream(socket, ownsSocket: true), leaveInnerStreamOpen: false);
            await stream.AuthenticateAsServerAsync(_options, timeout.Token).ConfigureAwait(false);
            _server.Metrics.TlsHandshakeCompleted(Stopwatch.GetElapsedTime(started), null);
            _server.Logger.LogDebug("Connection {ConnectionId} from {RemoteEndPoint}: TLS handshake completed ({Protocol}, {CipherSuite})",
                id, remote, stream.SslProtocol, stream.NegotiatedCipherSuite);
            return new TlsTransport(socket, stream);
        }
        catch (Exception e) when (e is OperationCanceledException or AuthenticationException or IOException or SocketException or ObjectDisposedException)
        {
            // Recorded before the log line, so whoever waits on the line sees the measurement too.
            _server.Metrics.TlsHandshakeCompleted(Stopwatch.GetElapsedTime(started), e.GetType().FullName);
            if (stopping.IsCancellationRequested)
                _server.Logger.LogDebug("Connection {ConnectionId} from {RemoteEndPoint}: TLS handshake abandoned, the server is stopping", id, remote);
            else if (e is OperationCanceledException)
                _server.Logger.LogDebug("Connection {ConnectionId} from {RemoteEndPoint}: TLS handshake timed out after {Timeout}; closed", id, remote, _timeout);
            else
                _server.Logger.LogDebug("Connection {ConnectionId} from {RemoteEndPoint}: TLS handshake failed: {Reason}", id, remote, Reason(e));
            if (stream is not null) await stream.DisposeAsync().ConfigureAwait(false);
            else socket.Dispose();
            return null;
        }
    }

    /// <summary>
    /// Waits for the first byte without consuming it: a TLS connection starts with a handshake record, content type 22
    /// (RFC 8446 §5.1); an ASCII letter is an HTTP method (plain HTTP on the wrong port); anything else is left to the
    /// handshake to reject. Costs one peek per connection, nothing per request.
    /// </summary>
    private static async ValueTask<bool> StartsWithTlsRecordAsync(Socket socket, CancellationToken cancellationToken)
    {
        var first = new byte[1];
        var received = await socket.ReceiveAsync(first, SocketFlags.Peek, cancellationToken).ConfigureAwait(false);
        if (received == 0) throw new IOException("the client closed the connection before the handshake");
        return first[0] is not (>= (byte)'A' and <= (byte)'Z');
    }

    private async Task AnswerPlainHttpAsync(Socket socket, CancellationToken cancellationToken)
    {
        var status = StatusLines.Get(400);
        var date = _server.Date.Bytes;
        var headers = System.Text.Encoding.ASCII.GetBytes($"Content-Type: text/plain; charset=utf-8\r\nContent-Length: {PlainHttpBody.Length}\r\nConnection: close\r\n\r\n");
        var response = new byte[status.Length + date.Length + headers.Length + PlainHttpBody.Length];
        status.CopyTo(response);
        date.CopyTo(response.AsSpan(status.Length));
        headers.CopyTo(response.AsSpan(status.Length + date.Length));
        PlainHttpBody.CopyTo(response.AsSpan(status.Length + date.Length + headers.Length));
        await socket.SendAsync(response, SocketFlags.None, cancellationToken).ConfigureAwait(false);
        socket.Shutdown(SocketShutdown.Send);
        // Read what the client sent (its request) until its FIN, 64 KiB or the handshake deadline: closing with unread
        // bytes would reset the connection and the client could lose the 400.
        var scratch = new byte[4096];
        try
        {
            for (var read = 0; read < 64 * 1024;)
            {
                var n = await socket.ReceiveAsync(scratch, SocketFlags.None, cancellationToken).ConfigureAwait(false);
                if (n == 0) break;
                read += n;
            }
        }
        catch (Exception e) when (e is OperationCanceledException or SocketException)
        {
            // The client kept the connection open or reset it: close now, the 400 is on its way or unwanted.
        }
    }

    private static string Reason(Exception e)
    {
        // The interesting part is usually the innermost message (an OpenSSL or SChannel error, "unexpected EOF").
        var message = e.Message;
        for (var inner = e.InnerException; inner is not null; inner = inner.InnerException) message += " " + inner.Message;
        return message;
    }
}
