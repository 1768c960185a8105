using System.Diagnostics;
using System.Net;
using MicroWeb.Tests.Support;

namespace MicroWeb.Tests.Server;

public class ShutdownTests
{
    [Test]
    public async Task Graceful_shutdown_lets_an_in_flight_request_finish()
    {
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var server = await TestServer.StartAsync(async context =>
        {
            started.SetResult();
            await release.Task;
            await context.Response.WriteAsync("finished");
        });

        using var connection = await server.ConnectAsync();
        await connection.SendAsync("GET /slow HTTP/1.1\r\nHost: t\r\n\r\n");
        await started.Task;

        var stop = server.App.StopAsync();
        await Task.Delay(200);
        Assert.That(stop.IsCompleted, Is.False, "shutdown waits for the in-flight request");
        Assert.That(async () => await RawConnection.OpenAsync(server.Port), Throws.InstanceOf<System.Net.Sockets.SocketException>(), "no longer accepting");

        release.SetResult();
        var response = await connection.ReadResponseAsync();
        Assert.That(response.BodyText, Is.EqualTo("finished"));
        Assert.That(response.Header("Connection"), Is.EqualTo("close"));
        await stop.WaitAsync(TimeSpan.FromSeconds(10));
    }

    [Test]
    public async Task Graceful_shutdown_closes_idle_keep_alive_connections_at_once()
    {
        await using var server = await TestServer.StartAsync(context => context.Response.WriteAsync("ok").AsTask());
        using var connection = await server.ConnectAsync();
        await connection.SendAsync("GET / HTTP/1.1\r\nHost: t\r\n\r\n");
        await connection.ReadResponseAsync();

        var watch = Stopwatch.StartNew();
        await server.App.StopAsync();
        Assert.That(watch.Elapsed, Is.LessThan(TimeSpan.FromSeconds(5)));
        Assert.That(await connection.IsClosedByServerAsync(), Is.True);
    }

    [Test]
    public async Task Shutdown_timeout_aborts_requests_that_do_not_finish()
    {
        var aborted = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var server = await TestServer.StartAsync(async context =>
        {
            context.RequestAborted.Register(() => aborted.TrySetResult());
            await Task.Delay(Timeout.Infinite, context.RequestAborted);
        }, o => o.ShutdownTimeout = TimeSpan.FromMilliseconds(300));
        using var connection = await server.ConnectAsync();
        await connection.SendAsync("GET / HTTP/1.1\r\nHost: t\r\n\r\n");
        await Task.Delay(100);

        await server.App.StopAsync().WaitAsync(TimeSpan.FromSeconds(10));
        await aborted.Task.WaitAsync(TimeSpan.FromSeconds(5));
        Assert.That((await connection.ReadToEndAsync()).Length, Is.Zero, "no response for an aborted request");
    }

    [Test]
    public async Task Sigterm_stops_the_process_gracefully_with_exit_code_0()
    {
        var dll = Path.Combine(TestContext.CurrentContext.TestDirectory, "Hello.dll");
        Assert.That(File.Exists(dll), Is.True, $"the Hello sample is copied next to the tests ({dll})");
        using var process = Process.Start(new ProcessStartInfo("dotnet", [dll, "--urls", "http://127.0.0.1:0"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = Path.GetTempPath(),
        })!;
        try
        {
            string? url = null;
            while (url is null && await process.StandardOutput.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(30)) is { } line)
            {
                var marker = line.IndexOf("listening on: ", StringComparison.Ordinal);
                if (marker >= 0) url = line[(marker + "listening on: ".Length)..].Trim();
            }
            Assert.That(url, Is.Not.Null, "the app logged its address");
            using (var client = new HttpClient())
                Assert.That((await client.GetAsync(url)).StatusCode, Is.EqualTo(HttpStatusCode.OK));

            using (var kill = Process.Start("kill", ["-TERM", process.Id.ToString()])) await kill.WaitForExitAsync();
            await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(20));
            Assert.That(process.ExitCode, Is.Zero);
        }
        finally
        {
            if (!process.HasExited) process.Kill(entireProcessTree: true);
        }
    }
}
