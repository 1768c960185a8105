using MicroWeb.Tests.Support;

namespace MicroWeb.Tests.Server;

/// <summary><see cref="HttpContext.RequestAborted"/> fires when the client goes away while a handler runs.</summary>
public class ClientDisconnectTests
{
    private static readonly TimeSpan s_bound = TimeSpan.FromSeconds(10);

    [TestCase("GET / HTTP/1.1\r\nHost: t\r\n\r\n", TestName = "RequestAborted fires when the client of a bodiless request disconnects")]
    [TestCase("POST / HTTP/1.1\r\nHost: t\r\nContent-Length: 5\r\n\r\nhello", TestName = "RequestAborted fires when the client disconnects after its body was read")]
    public async Task RequestAborted_fires_when_the_client_disconnects(string request)
    {
        var waiting = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var ended = new TaskCompletionSource<Exception?>(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var server = await TestServer.StartAsync(async context =>
        {
            await context.Request.Body.CopyToAsync(Stream.Null);
            waiting.SetResult();
            try
            {
                await Task.Delay(Timeout.Infinite, context.RequestAborted);
                ended.SetResult(null);
            }
            catch (Exception e)
            {
                ended.SetResult(e);
                throw;
            }
        });
        var connection = await server.ConnectAsync();
        await connection.SendAsync(request);
        await waiting.Task.WaitAsync(s_bound);

        connection.Dispose();

        Assert.That(await ended.Task.WaitAsync(s_bound), Is.InstanceOf<OperationCanceledException>());
        Assert.That(server.Logs.Entries.Where(e => e.Level >= Microsoft.Extensions.Logging.LogLevel.Warning), Is.Empty, "a client leaving is not an error");
    }

    [Test]
    public async Task A_slow_handler_on_a_connection_that_stays_open_is_not_aborted_and_the_next_request_is_served()
    {
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var server = await TestServer.StartAsync(async context =>
        {
            if (context.Request.Path == "/slow") await release.Task.WaitAsync(context.RequestAborted);
            await context.Response.WriteAsync(context.Request.Path);
        });
        using var connection = await server.ConnectAsync();
        // The second request arrives while the first handler is still waiting: it must not be lost or mistaken for a close.
        await connection.SendAsync("GET /slow HTTP/1.1\r\nHost: t\r\n\r\n");
        await connection.SendAsync("GET /next HTTP/1.1\r\nHost: t\r\n\r\n");
        release.SetResult();

        Assert.That((await connection.ReadResponseAsync()).BodyText, Is.EqualTo("/slow"));
        Assert.That((await connection.ReadResponseAsync()).BodyText, Is.EqualTo("/next"));
    }
}
