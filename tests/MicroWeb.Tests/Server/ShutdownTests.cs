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
        // Once every connection has been asked to close, shutdown is only waiting for the request in flight.
        await server.Logs.WaitForAsync(m => m.StartsWith("Stopping: asked", StringComparison.Ordinal), TimeSpan.FromSeconds(10));
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
        var (process, url) = await StartHelloAsync();
        using var _ = process;
        try
        {
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

    [Test]
    public async Task A_second_SIGTERM_during_the_shutdown_delay_stops_at_once()
    {
        var (process, url, draining) = await StartHelloWatchingAsync("Shutting down in", "--Server:ShutdownDelay=00:05:00");
        using var _ = process;
        try
        {
            using (var kill = Process.Start("kill", ["-TERM", process.Id.ToString()])) await kill.WaitForExitAsync();
            await draining.WaitAsync(TimeSpan.FromSeconds(20));
            using (var client = new HttpClient())
                Assert.That((await client.GetAsync(url)).StatusCode, Is.EqualTo(HttpStatusCode.OK), "still serving during the delay");
            Assert.That(process.HasExited, Is.False);

            using (var kill = Process.Start("kill", ["-TERM", process.Id.ToString()])) await kill.WaitForExitAsync();
            await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(20));
            Assert.That(process.ExitCode, Is.Zero);
        }
        finally
        {
            if (!process.HasExited) process.Kill(entireProcessTree: true);
        }
    }

    [Test]
    public async Task Shutdown_answers_pipelined_requests_already_received_and_closes_after_the_last()
    {
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var server = await TestServer.StartAsync(async context =>
        {
            if (context.Request.Path == "/1")
            {
                started.SetResult();
                await release.Task;
            }
            await context.Response.WriteAsync(context.Request.Path);
        });
        using var connection = await server.ConnectAsync();
        await connection.SendAsync("GET /1 HTTP/1.1\r\nHost: t\r\n\r\nGET /2 HTTP/1.1\r\nHost: t\r\n\r\nGET /3 HTTP/1.1\r\nHost: t\r\n\r\n");
        await started.Task;

        var stop = server.App.StopAsync();
        release.SetResult();
        var responses = new List<RawResponse>();
        for (var i = 0; i < 3; i++) responses.Add(await connection.ReadResponseAsync());
        await stop.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Multiple(() =>
        {
            Assert.That(responses.Select(r => r.BodyText), Is.EqualTo(new[] { "/1", "/2", "/3" }));
            Assert.That(responses.Select(r => r.Header("Connection")), Is.EqualTo(new[] { null, null, "close" }), "only the last one received announces the close");
        });
        Assert.That(await connection.IsClosedByServerAsync(), Is.True);
    }

    [Test]
    public async Task Shutdown_waits_for_a_partly_received_head_and_answers_it()
    {
        await using var server = await TestServer.StartAsync(context => context.Response.WriteAsync("late but answered").AsTask());
        using var connection = await server.ConnectAsync();
        await connection.SendAsync("GET / HTTP/1.1\r\nHo");

        var stop = server.App.StopAsync();
        // Once every connection has been asked to close, the rest of the head arrives.
        await server.Logs.WaitForAsync(m => m.StartsWith("Stopping: asked", StringComparison.Ordinal), TimeSpan.FromSeconds(10));
        Assert.That(stop.IsCompleted, Is.False, "a connection with request bytes received is not closed");
        await connection.SendAsync("st: t\r\n\r\n");
        var response = await connection.ReadResponseAsync();
        await stop.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.That(response.BodyText, Is.EqualTo("late but answered"));
        Assert.That(response.Header("Connection"), Is.EqualTo("close"));
    }

    [Test]
    public async Task Sigterm_under_keep_alive_and_pipelined_load_loses_no_request_sent_before_it()
    {
        var (process, url) = await StartHelloAsync();
        using var _ = process;
        try
        {
            var lostBeforeSignal = await ShutdownLoad.RunAsync(new Uri(url).Port, pipelineDepth: 4, async () =>
            {
                using var kill = Process.Start("kill", ["-TERM", process.Id.ToString()])!;
                await kill.WaitForExitAsync();
            });
            await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(30));
            Assert.Multiple(() =>
            {
                Assert.That(lostBeforeSignal, Is.Empty, "requests sent at least 50 ms before SIGTERM without a complete response");
                Assert.That(process.ExitCode, Is.Zero);
            });
        }
        finally
        {
            if (!process.HasExited) process.Kill(entireProcessTree: true);
        }
    }

    [Test]
    public async Task Shutdown_with_requests_queued_behind_slow_handlers_loses_none_of_them()
    {
        // 10 ms a request and 8 pipelined: the last of a batch waits ~80 ms in the server's buffers, so a
        // shutdown that dropped buffered requests would lose some sent well before it.
        await using var server = await TestServer.StartAsync(async context =>
        {
            await Task.Delay(10);
            await context.Response.WriteAsync("ok");
        });
        var stopping = new Stopwatch();
        var lostBeforeStop = await ShutdownLoad.RunAsync(server.Port, pipelineDepth: 8, async () =>
        {
            stopping.Start();
            await server.App.StopAsync();
            stopping.Stop();
        });
        Assert.Multiple(() =>
        {
            Assert.That(lostBeforeStop, Is.Empty, "requests sent at least 50 ms before the stop without a complete response");
            Assert.That(stopping.Elapsed, Is.LessThan(TimeSpan.FromSeconds(10)), "the connections closed once their received requests were answered, well before the 30 s shutdown timeout");
        });
    }

    /// <summary>
    /// 64 connections in a loop (every fourth pipelining), until the server closes them; a shutdown starts
    /// once traffic flows. Returns the send times of the requests sent at least 50 ms before it that got no
    /// complete response.
    /// </summary>
    private static class ShutdownLoad
    {
        public static async Task<List<TimeSpan>> RunAsync(int port, int pipelineDepth, Func<Task> stop)
        {
            var flowing = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            var answered = 0;
            var lost = new System.Collections.Concurrent.ConcurrentBag<long>();

            async Task DriveAsync(int depth)
            {
                using var connection = await RawConnection.OpenAsync(port);
                var request = string.Concat(Enumerable.Repeat("GET /hello HTTP/1.1\r\nHost: t\r\n\r\n", depth));
                // Bounded: a connection ends when the server closes it, or after 100,000 round trips.
                for (var round = 0; round < 100_000; round++)
                {
                    var sentAt = Stopwatch.GetTimestamp();
                    try
                    {
                        await connection.SendAsync(request);
                    }
                    catch (IOException)
                    {
                        return; // Refused before the batch was sent: none of it was received.
                    }
                    for (var i = 0; i < depth; i++)
                    {
                        RawResponse response;
                        try
                        {
                            response = await connection.ReadResponseAsync();
                        }
                        catch (Exception e) when (e is IOException or EndOfStreamException)
                        {
                            for (var missing = i; missing < depth; missing++) lost.Add(sentAt);
                            return;
                        }
                        if (Interlocked.Increment(ref answered) == 2_000) flowing.TrySetResult();
                        if (response.Header("Connection") == "close")
                        {
                            for (var missing = i + 1; missing < depth; missing++) lost.Add(sentAt);
                            return;
                        }
                    }
                }
            }

            var drivers = Enumerable.Range(0, 64).Select(n => DriveAsync(n % 4 == 0 ? pipelineDepth : 1)).ToList();
            await flowing.Task.WaitAsync(TimeSpan.FromSeconds(60));
            var stopAt = Stopwatch.GetTimestamp();
            await stop();
            await Task.WhenAll(drivers).WaitAsync(TimeSpan.FromSeconds(30));

            var before = stopAt - Stopwatch.Frequency / 20;
            return lost.Where(sentAt => sentAt < before).Select(sentAt => Stopwatch.GetElapsedTime(sentAt, stopAt)).ToList();
        }
    }

    /// <summary>Starts the Hello sample on a free port and returns once it has logged its address.</summary>
    private static async Task<(Process Process, string Url)> StartHelloAsync(params string[] arguments)
    {
        var (process, url, _) = await StartHelloWatchingAsync(null, arguments);
        return (process, url);
    }

    /// <summary>Starts the Hello sample; the task completes with the first output line containing <paramref name="watchFor"/>.</summary>
    private static async Task<(Process Process, string Url, Task<string> Seen)> StartHelloWatchingAsync(string? watchFor, params string[] arguments)
    {
        var dll = Path.Combine(TestContext.CurrentContext.TestDirectory, "Hello.dll");
        Assert.That(File.Exists(dll), Is.True, $"the Hello sample is copied next to the tests ({dll})");
        var process = Process.Start(new ProcessStartInfo("dotnet", [dll, "--urls", "http://127.0.0.1:0", .. arguments])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = Path.GetTempPath(),
        })!;
        string? found = null;
        while (found is null && await process.StandardOutput.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(30)) is { } line)
        {
            var marker = line.IndexOf("listening on: ", StringComparison.Ordinal);
            if (marker >= 0) found = line[(marker + "listening on: ".Length)..].Trim();
        }
        if (found is null)
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail("the Hello sample did not log its address");
        }
        // Keep reading both streams so the app never blocks on a full pipe.
        var seen = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        _ = Task.Run(async () =>
        {
            while (await process.StandardOutput.ReadLineAsync() is { } line)
            {
                if (watchFor is not null && line.Contains(watchFor, StringComparison.Ordinal)) seen.TrySetResult(line);
            }
            seen.TrySetException(new InvalidOperationException($"the app's output ended without \"{watchFor}\""));
        });
        _ = process.StandardError.ReadToEndAsync();
        return (process, found!, seen.Task);
    }
}
