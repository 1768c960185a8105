using System.Collections.Concurrent;
using System.Net;

namespace MicroWeb.Testing;

/// <summary>
/// Sends each request as HTTP/1.1 bytes over an in-memory connection to the test host's server and
/// parses the response off the same connection. Idle keep-alive connections are pooled and reused;
/// concurrent requests each get their own connection, as a browser would open several.
/// </summary>
/// <remarks>
/// The response is returned once its head is read; its content streams the body, and the connection
/// goes back to the pool when the body has been read to the end (or is closed when the response is
/// disposed early, the server said <c>Connection: close</c>, or the body ends with the connection).
/// </remarks>
internal sealed class TestHostHandler(Func<ClientConnection> connect) : HttpMessageHandler
{
    private readonly ConcurrentStack<ClientConnection> _idle = new();
    private volatile bool _disposed;

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (request.RequestUri is not { IsAbsoluteUri: true })
            throw new InvalidOperationException("The request URI must be absolute; create the client with MicroWebTestHost.CreateClient, which sets BaseAddress.");

        var connection = Rent();
        var headRequest = request.Method == HttpMethod.Head;
        var expectContinue = request.Headers.ExpectContinue == true && request.Content is not null;
        var continueGate = expectContinue ? new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously) : null;
        var send = RequestWriter.WriteAsync(connection, request, continueGate, cancellationToken);

        ResponseHead head;
        try
        {
            while (true)
            {
                head = await ReadHeadAsync(connection, send, cancellationToken).ConfigureAwait(false)
                    ?? throw new HttpRequestException("The test server closed the connection without sending a response.");
                if (head.StatusCode >= 200) break;
                // Interim responses: 100 Continue releases the body; others (102, 103) are skipped.
                if (head.StatusCode == 100) continueGate?.TrySetResult(true);
                else if (head.StatusCode == 101) break;
            }
        }
        catch (Exception e)
        {
            continueGate?.TrySetResult(false);
            await AbandonAsync(connection, send).ConfigureAwait(false);
            if (e is IOException) throw new HttpRequestException("The test server aborted the connection: " + e.Message, e);
            throw;
        }
        continueGate?.TrySetResult(false);

        try
        {
            return CreateResponse(request, connection, head, headRequest, send);
        }
        catch
        {
            await AbandonAsync(connection, send).ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>Reads the next response head, failing early if sending the request failed.</summary>
    private static async Task<ResponseHead?> ReadHeadAsync(ClientConnection connection, Task<bool> send, CancellationToken cancellationToken)
    {
        var head = connection.ReadHeadAsync(cancellationToken).AsTask();
        if (await Task.WhenAny(head, send).ConfigureAwait(false) == send && send.IsFaulted)
        {
            // The content threw or the connection broke while sending: stop the pending read before closing.
            connection.Input.CancelPendingRead();
            try
            {
                await head.ConfigureAwait(false);
            }
            catch (Exception e) when (e is OperationCanceledException or IOException or HttpRequestException)
            {
                // Only the send error matters now.
            }
            await send.ConfigureAwait(false);
        }
        return await head.ConfigureAwait(false);
    }

    private HttpResponseMessage CreateResponse(HttpRequestMessage request, ClientConnection connection, ResponseHead head, bool headRequest, Task<bool> send)
    {
        var framing = head.StatusCode == 101 ? new BodyFraming(BodyKind.UntilClose, 0) : head.Framing(headRequest);
        var keepAlive = head.KeepsAlive(framing) && request.Version != HttpVersion.Version10 && request.Headers.ConnectionClose != true;
        var response = new HttpResponseMessage((HttpStatusCode)head.StatusCode)
        {
            ReasonPhrase = head.ReasonPhrase,
            Version = head.Version,
            RequestMessage = request,
        };

        HttpContent content;
        if (framing.Kind == BodyKind.None)
        {
            content = new StreamContent(Stream.Null);
            Release(connection, keepAlive, send);
        }
        else
        {
            var body = new ResponseBodyReader(connection, framing);
            content = new StreamContent(new ResponseContentStream(body, completed =>
            {
                if (completed)
                {
                    foreach (var (name, value) in body.Trailers) response.TrailingHeaders.TryAddWithoutValidation(name, value);
                }
                Release(connection, completed && keepAlive, send);
            }));
        }

        foreach (var (name, value) in head.Headers)
        {
            if (!response.Headers.TryAddWithoutValidation(name, value)) content.Headers.TryAddWithoutValidation(name, value);
        }
        response.Content = content;
        return response;
    }

    /// <summary>Pools the connection when the exchange ended cleanly and the request was fully sent; closes it otherwise.</summary>
    private void Release(ClientConnection connection, bool reusable, Task<bool> send)
    {
        if (reusable && !send.IsCompleted)
        {
            // The server can answer before our last flush returns; pool the connection once the send ends.
            _ = send.ContinueWith(t => Release(connection, reusable, t), CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
            return;
        }
        if (reusable && send.IsCompletedSuccessfully && send.Result && !_disposed)
        {
            _idle.Push(connection);
            // Dispose may have drained the pool in between; never leave a connection behind it.
            if (_disposed) CloseIdle();
            return;
        }
        connection.Close();
        Observe(send);
    }

    private static async Task AbandonAsync(ClientConnection connection, Task<bool> send)
    {
        connection.Close(new IOException("The client abandoned the request."));
        try
        {
            await send.ConfigureAwait(false);
        }
        catch
        {
            // Already reported through the response; the connection is gone.
        }
    }

    private static void Observe(Task task)
    {
        if (task.IsCompleted) _ = task.Exception;
        else _ = task.ContinueWith(static t => _ = t.Exception, CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted | TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
    }

    private ClientConnection Rent()
    {
        while (_idle.TryPop(out var connection))
        {
            // The server may have closed an idle connection (keep-alive timeout, shutdown) meanwhile.
            if (connection.IsReusable()) return connection;
            connection.Close();
        }
        return connect();
    }

    private void CloseIdle()
    {
        while (_idle.TryPop(out var connection)) connection.Close();
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _disposed = true;
            CloseIdle();
        }
        base.Dispose(disposing);
    }
}
