using MicroWeb.Testing;
using MicroWeb.Tests.Support;
using Microsoft.Extensions.Logging;

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
        var waiting = new TaskCompletionSource<HttpContext>(TaskCreationOptions.RunContinuationsAsynchronously);
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var server = await TestServer.StartAsync(async context =>
        {
            if (context.Request.Path == "/slow")
            {
                waiting.SetResult(context);
                await release.Task.WaitAsync(context.RequestAborted);
            }
            await context.Response.WriteAsync(context.Request.Path);
        });
        using var connection = await server.ConnectAsync();
        await connection.SendAsync("GET /slow HTTP/1.1\r\nHost: t\r\n\r\n");
        var slow = await waiting.Task;
        // The second request arrives while the first handler waits: it must not be lost or taken for a close.
        await connection.SendAsync("GET /next HTTP/1.1\r\nHost: t\r\n\r\n");
        // Gives the watch read time to receive /next (the outcome must be the same either way).
        await Task.Delay(200);
        Assert.That(slow.RequestAborted.IsCancellationRequested, Is.False, "data from the client is not a disconnect");
        release.SetResult();

        Assert.That((await connection.ReadResponseAsync()).BodyText, Is.EqualTo("/slow"));
        Assert.That((await connection.ReadResponseAsync()).BodyText, Is.EqualTo("/next"));
    }

    [Test]
    public async Task RequestAborted_fires_in_memory_when_the_test_client_ends_its_side()
    {
        var waiting = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var ended = new TaskCompletionSource<Exception>(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var host = MicroWebTestHost.Create(builder => builder.Logging.ClearProviders(), app => app.Run(async context =>
        {
            waiting.SetResult();
            try
            {
                await Task.Delay(Timeout.Infinite, context.RequestAborted);
            }
            catch (Exception e)
            {
                ended.SetResult(e);
                throw;
            }
        }));
        await using var connection = host.OpenConnection();
        await connection.SendAsync("GET / HTTP/1.1\r\nHost: x\r\n\r\n");
        await waiting.Task.WaitAsync(s_bound);

        connection.ShutdownSend();

        Assert.That(await ended.Task.WaitAsync(s_bound), Is.InstanceOf<OperationCanceledException>());
    }
}
