using System.Text;

namespace MicroWeb.Testing;

/// <summary>
/// One raw in-memory connection to the app, for protocol tests: send exact bytes (pipelined requests,
/// malformed heads, bodies in pieces) and read the responses the server writes. Open it with
/// <see cref="MicroWebTestHost.OpenConnection"/>.
/// </summary>
/// <example>
/// <code>
/// await using var connection = host.OpenConnection();
/// await connection.SendAsync("GET /a HTTP/1.1\r\nHost: x\r\n\r\nGET /b HTTP/1.1\r\nHost: x\r\n\r\n");
/// var first = await connection.ReadResponseAsync();
/// var second = await connection.ReadResponseAsync();
/// </code>
/// </example>
public sealed class MicroWebTestConnection : IAsyncDisposable
{
    private readonly ClientConnection _connection;
    private bool _sendShutdown;

    internal MicroWebTestConnection(ClientConnection connection) => _connection = connection;

    /// <summary>
    /// How long a read waits for the server before throwing <see cref="TimeoutException"/>, so a test that
    /// expects more than the server sends fails instead of hanging. Default 30 seconds.
    /// </summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Sends bytes exactly as given. Once the server has closed its side, further bytes are dropped
    /// silently, as a socket's would be.
    /// </summary>
    /// <exception cref="InvalidOperationException"><see cref="ShutdownSend"/> was called.</exception>
    /// <exception cref="IOException">The server aborted the connection.</exception>
    public async ValueTask SendAsync(ReadOnlyMemory<byte> data, CancellationToken cancellationToken = default)
    {
        if (_sendShutdown) throw new InvalidOperationException("Sending was shut down with ShutdownSend().");
        await _connection.Output.WriteAsync(data, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Sends <paramref name="text"/> encoded as UTF-8. Use the byte overload for bytes that are not UTF-8.</summary>
    /// <exception cref="InvalidOperationException"><see cref="ShutdownSend"/> was called.</exception>
    public ValueTask SendAsync(string text, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(text);
        return SendAsync(Encoding.UTF8.GetBytes(text), cancellationToken);
    }

    /// <summary>
    /// Signals the end of what this client sends, like <c>Socket.Shutdown(SocketShutdown.Send)</c>: the
    /// server reads end-of-stream after the bytes already sent, answers what it has, and closes. As with a
    /// socket, a handler still running when the end arrives (its request body read) sees
    /// <see cref="HttpContext.RequestAborted"/> fire: the server takes the end of input as the client leaving.
    /// </summary>
    public void ShutdownSend()
    {
        if (_sendShutdown) return;
        _sendShutdown = true;
        _connection.Output.Complete();
    }

    /// <summary>
    /// Reads the next response: status line, header fields, and a body framed by Content-Length, chunked,
    /// or ending with the connection. An interim response (<c>100 Continue</c>) is returned on its own.
    /// </summary>
    /// <param name="headRequest">True when the response answers a HEAD request, which has no body whatever its headers say.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <exception cref="IOException">The server closed or aborted the connection before a complete response.</exception>
    /// <exception cref="TimeoutException">No complete response within <see cref="Timeout"/>.</exception>
    public async Task<RawHttpResponse> ReadResponseAsync(bool headRequest = false, CancellationToken cancellationToken = default)
    {
        using var timeout = StartTimeout(cancellationToken);
        try
        {
            var head = await _connection.ReadHeadAsync(timeout.Token).ConfigureAwait(false)
                ?? throw new IOException("The server closed the connection before sending a response.");
            var body = new ResponseBodyReader(_connection, head.Framing(headRequest));
            var bytes = await body.ReadToEndAsync(timeout.Token).ConfigureAwait(false);
            return new RawHttpResponse(head.StatusLine, head.StatusCode, head.Headers, bytes, body.Trailers);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new TimeoutException($"No complete response within {Timeout}.");
        }
    }

    /// <summary>
    /// Reads everything the server sends until it closes the connection, decoded as UTF-8: the empty
    /// string when it closed without sending more.
    /// </summary>
    /// <exception cref="IOException">The server aborted the connection.</exception>
    /// <exception cref="TimeoutException">The server did not close the connection within <see cref="Timeout"/>.</exception>
    public async Task<string> ReadToEndAsync(CancellationToken cancellationToken = default)
    {
        using var timeout = StartTimeout(cancellationToken);
        try
        {
            return Encoding.UTF8.GetString(await _connection.ReadToEndAsync(timeout.Token).ConfigureAwait(false));
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new TimeoutException($"The server did not close the connection within {Timeout}.");
        }
    }

    private CancellationTokenSource StartTimeout(CancellationToken cancellationToken)
    {
        var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(Timeout);
        return timeout;
    }

    /// <summary>Closes the connection; the server sees end-of-stream.</summary>
    public ValueTask DisposeAsync()
    {
        _connection.Close();
        return ValueTask.CompletedTask;
    }
}
