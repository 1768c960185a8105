using System.Diagnostics;
using System.Net.Sockets;
using System.Text;
using MicroWeb.Tests.Support;

namespace MicroWeb.Tests.Server;

/// <summary>
/// Slow and stalled clients over real sockets: bodies below the minimum rate get 408, responses read too
/// slowly are aborted, and the limits can be relaxed per request.
/// </summary>
public class DataRateTests
{
    private static readonly TimeSpan s_bound = TimeSpan.FromSeconds(20);

    /// <summary>Reads the whole body, recording the reason a failed read gave.</summary>
    private static RequestDelegate Upload(TaskCompletionSource<RequestRejectionReason>? failure = null) => async context =>
    {
        try
        {
            await context.Request.Body.CopyToAsync(Stream.Null, context.RequestAborted);
        }
        catch (BadHttpRequestException e)
        {
            failure?.TrySetResult(e.Reason);
            throw;
        }
        await context.Response.WriteAsync("uploaded");
    };

    [Test]
    public async Task A_body_arriving_at_one_byte_a_second_gets_408_and_the_connection_closes()
    {
        var failure = new TaskCompletionSource<RequestRejectionReason>(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var server = await TestServer.StartAsync(Upload(failure));
        using var connection = await server.ConnectAsync();
        var watch = Stopwatch.StartNew();
        await connection.SendAsync("POST /upload HTTP/1.1\r\nHost: t\r\nContent-Length: 100\r\n\r\n");

        var response = connection.ReadResponseAsync();
        using var stop = new CancellationTokenSource(s_bound);
        // The client's pace, not synchronisation: one byte a second until the server answers.
        for (var sent = 0; sent < 100 && !response.IsCompleted && !stop.IsCancellationRequested; sent++)
        {
            try
            {
                await connection.SendAsync("x"u8.ToArray());
            }
            catch (IOException)
            {
                break;
            }
            await Task.WhenAny(response, Task.Delay(TimeSpan.FromSeconds(1), stop.Token));
        }

        var answer = await response;
        Assert.Multiple(() =>
        {
            Assert.That(answer.StatusCode, Is.EqualTo(408));
            Assert.That(answer.Header("Connection"), Is.EqualTo("close"));
            Assert.That(watch.Elapsed, Is.LessThan(TimeSpan.FromSeconds(10)), "408 within the grace period plus a heartbeat or two");
        });
        Assert.That(await failure.Task.WaitAsync(s_bound), Is.EqualTo(RequestRejectionReason.RequestBodyTooSlow), "the app's read failed with the named reason");
        Assert.That(await connection.IsClosedByServerAsync(), Is.True);
        Assert.That(server.Logs.Entries, Has.Some.Matches<(Microsoft.Extensions.Logging.LogLevel Level, string Category, string Message, Exception? Exception)>(
            e => e.Level == Microsoft.Extensions.Logging.LogLevel.Information && e.Message.Contains("below the minimum 240 B/s")));
    }

    [Test]
    public async Task Two_thousand_stalled_uploads_are_all_closed_while_other_requests_are_served_at_once()
    {
        const int Stalled = 2000;
        await using var server = await TestServer.StartAsync(context =>
            context.Request.Path == "/upload" ? Upload()(context) : context.Response.WriteAsync("ok").AsTask());
        var watch = Stopwatch.StartNew();
        var clients = new List<TcpClient>(Stalled);
        try
        {
            var head = Encoding.ASCII.GetBytes("POST /upload HTTP/1.1\r\nHost: t\r\nContent-Length: 1000\r\n\r\n");
            for (var batch = 0; batch < Stalled; batch += 100)
            {
                var opening = Enumerable.Range(0, 100).Select(async _ =>
                {
                    var client = new TcpClient();
                    await client.ConnectAsync("127.0.0.1", server.Port);
                    await client.GetStream().WriteAsync(head);
                    return client;
                });
                clients.AddRange(await Task.WhenAll(opening));
            }

            // While they all stall, an ordinary request is answered at once.
            using var http = server.CreateClient();
            var served = Stopwatch.StartNew();
            Assert.That(await http.GetStringAsync("/"), Is.EqualTo("ok"));
            Assert.That(served.Elapsed, Is.LessThan(TimeSpan.FromSeconds(1)));

            var statuses = await Task.WhenAll(clients.Select(async client =>
            {
                using var timeout = new CancellationTokenSource(s_bound);
                var reader = new StreamReader(client.GetStream(), Encoding.ASCII);
                var line = await reader.ReadLineAsync(timeout.Token);
                var rest = await reader.ReadToEndAsync(timeout.Token);
                return line;
            }));
            Assert.Multiple(() =>
            {
                Assert.That(statuses, Has.All.EqualTo("HTTP/1.1 408 Request Timeout"));
                Assert.That(watch.Elapsed, Is.LessThan(TimeSpan.FromSeconds(15)), "all closed within 15 s");
            });
        }
        finally
        {
            foreach (var client in clients) client.Dispose();
        }
    }

    [Test]
    public async Task Without_a_data_rate_the_body_timeout_ends_a_body_that_never_starts()
    {
        var failure = new TaskCompletionSource<RequestRejectionReason>(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var server = await TestServer.StartAsync(Upload(failure), o =>
        {
            o.MinRequestBodyDataRate = null;
            o.RequestBodyTimeout = TimeSpan.FromSeconds(2);
        });
        using var connection = await server.ConnectAsync();
        await connection.SendAsync("POST /upload HTTP/1.1\r\nHost: t\r\nContent-Length: 10\r\n\r\n");

        var response = await connection.ReadResponseAsync();
        Assert.That(response.StatusCode, Is.EqualTo(408));
        Assert.That(await failure.Task.WaitAsync(s_bound), Is.EqualTo(RequestRejectionReason.RequestBodyTimeout));
    }

    [Test]
    public async Task A_request_can_turn_the_body_rate_off_for_itself()
    {
        await using var server = await TestServer.StartAsync(context =>
        {
            if (context.Request.Path == "/relaxed") context.Limits.MinRequestBodyDataRate = null;
            return Upload()(context);
        }, o =>
        {
            o.MinRequestBodyDataRateGracePeriod = TimeSpan.FromSeconds(1);
            o.RequestBodyTimeout = null;
        });

        async Task<int> SendHalfThenPauseAsync(string path)
        {
            using var connection = await server.ConnectAsync();
            await connection.SendAsync($"POST {path} HTTP/1.1\r\nHost: t\r\nContent-Length: 4\r\n\r\nab");
            var response = connection.ReadResponseAsync();
            // Long enough for the 1 s grace period and two heartbeats to pass with 2 bytes received.
            await Task.WhenAny(response, Task.Delay(TimeSpan.FromSeconds(3.5)));
            if (!response.IsCompleted) await connection.SendAsync("cd");
            return (await response).StatusCode;
        }

        var both = await Task.WhenAll(SendHalfThenPauseAsync("/strict"), SendHalfThenPauseAsync("/relaxed"));
        Assert.That(both, Is.EqualTo(new[] { 408, 200 }));
    }

    [Test]
    public async Task A_client_reading_a_large_response_too_slowly_is_disconnected()
    {
        var handlerFailed = new TaskCompletionSource<Exception>(TaskCreationOptions.RunContinuationsAsynchronously);
        // Larger than what loopback's kernel buffers absorb (about 2.7 MB measured here with a 4 KiB receive
        // buffer): a response that fits there completes without the server waiting on the client at all.
        var body = new byte[16 * 1024 * 1024];
        await using var server = await TestServer.StartAsync(async context =>
        {
            try
            {
                for (var offset = 0; offset < body.Length; offset += 64 * 1024)
                    await context.Response.Body.WriteAsync(body.AsMemory(offset, 64 * 1024), context.RequestAborted);
            }
            catch (Exception e)
            {
                handlerFailed.TrySetResult(e);
                throw;
            }
        }, o =>
        {
            o.MinResponseDataRate = 100_000;
            o.MinResponseDataRateGracePeriod = TimeSpan.FromSeconds(1);
        });

        // A reader at full speed gets the whole body under the same limits.
        using (var http = server.CreateClient())
            Assert.That((await http.GetByteArrayAsync("/")).Length, Is.EqualTo(body.Length));

        using var slow = new TcpClient { ReceiveBufferSize = 4096 };
        await slow.ConnectAsync("127.0.0.1", server.Port);
        var stream = slow.GetStream();
        await stream.WriteAsync("GET / HTTP/1.1\r\nHost: t\r\n\r\n"u8.ToArray());
        var watch = Stopwatch.StartNew();
        long received = 0;
        var buffer = new byte[100];
        using var stop = new CancellationTokenSource(s_bound);
        // The client's pace: 100 bytes a second, until the server gives up on it.
        while (!handlerFailed.Task.IsCompleted && !stop.IsCancellationRequested)
        {
            var read = await stream.ReadAsync(buffer, stop.Token);
            if (read == 0) break;
            received += read;
            await Task.WhenAny(handlerFailed.Task, Task.Delay(TimeSpan.FromSeconds(1), stop.Token));
        }

        var failure = await handlerFailed.Task.WaitAsync(s_bound);
        Assert.Multiple(() =>
        {
            Assert.That(failure, Is.InstanceOf<IOException>().Or.InstanceOf<OperationCanceledException>().Or.InstanceOf<ObjectDisposedException>(), failure.ToString());
            Assert.That(received, Is.LessThan(body.Length));
            Assert.That(watch.Elapsed, Is.LessThan(TimeSpan.FromSeconds(15)));
        });
        Assert.That(server.Logs.Entries.Select(e => e.Message), Has.Some.Contains("read its response slower than 100000 B/s"));
    }

    [Test]
    public async Task A_request_can_turn_the_response_rate_off_for_itself()
    {
        var body = new byte[16 * 1024 * 1024];
        var failed = new System.Collections.Concurrent.ConcurrentDictionary<string, Exception>();
        var strictFailed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var server = await TestServer.StartAsync(async context =>
        {
            if (context.Request.Path == "/relaxed") context.Limits.MinResponseDataRate = null;
            try
            {
                for (var offset = 0; offset < body.Length; offset += 64 * 1024)
                    await context.Response.Body.WriteAsync(body.AsMemory(offset, 64 * 1024), context.RequestAborted);
            }
            catch (Exception e)
            {
                failed[context.Request.Path] = e;
                if (context.Request.Path == "/strict") strictFailed.TrySetResult();
                throw;
            }
        }, o =>
        {
            o.MinResponseDataRate = 100_000;
            o.MinResponseDataRateGracePeriod = TimeSpan.FromSeconds(1);
        });

        // Two clients that read nothing at all: the kernel buffers fill, then every send waits.
        using var strict = new TcpClient { ReceiveBufferSize = 4096 };
        using var relaxed = new TcpClient { ReceiveBufferSize = 4096 };
        await strict.ConnectAsync("127.0.0.1", server.Port);
        await relaxed.ConnectAsync("127.0.0.1", server.Port);
        await relaxed.GetStream().WriteAsync("GET /relaxed HTTP/1.1\r\nHost: t\r\n\r\n"u8.ToArray());
        await strict.GetStream().WriteAsync("GET /strict HTTP/1.1\r\nHost: t\r\n\r\n"u8.ToArray());

        await strictFailed.Task.WaitAsync(s_bound);
        // The relaxed one started first and has stalled at least as long; give it two more heartbeats to be (wrongly) aborted.
        await Task.Delay(TimeSpan.FromSeconds(2));
        Assert.That(failed.Keys, Is.EquivalentTo(new[] { "/strict" }), "only the request that kept the limit was aborted");
    }
}
