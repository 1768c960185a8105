using System.Net.ServerSentEvents;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;
using MicroWeb.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace MicroWeb.Tests.HttpResults;

/// <summary>Server-Sent Events over the real server: format, flushing, heartbeats, cancellation, HEAD, shutdown.</summary>
public class ServerSentEventsTests
{
    private static readonly TimeSpan s_wait = TimeSpan.FromSeconds(10);

    public sealed record Point(int X, int Y, string PointName);

    private static Task<TestServer> StartAsync(Action<MicroWebApp> map, Action<ServerOptions>? server = null, Action<IServiceCollection>? services = null) =>
        TestServer.StartAsync(null, configureServer: server, configurePipeline: map, configureServices: services);

    private static async Task<HttpResponseMessage> OpenAsync(HttpClient client, string path, HttpMethod? method = null, params (string Name, string Value)[] headers)
    {
        var request = new HttpRequestMessage(method ?? HttpMethod.Get, path);
        foreach (var (name, value) in headers) request.Headers.TryAddWithoutValidation(name, value);
        return await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
    }

    private static async IAsyncEnumerable<T> Of<T>(params T[] items)
    {
        foreach (var item in items)
        {
            await Task.Yield();
            yield return item;
        }
    }

    [Test]
    public async Task ServerSentEvents_items_carry_event_id_retry_and_multi_line_data()
    {
        await using var server = await StartAsync(app => app.MapGet("/sse", () => MicroWeb.Results.ServerSentEvents(Of(
            new SseItem<string>("first line\nsecond line", "update") { EventId = "7", ReconnectionInterval = TimeSpan.FromSeconds(3) },
            new SseItem<string>("plain")))));
        using var client = server.CreateClient();
        using var response = await OpenAsync(client, "/sse");
        var body = await response.Content.ReadAsStringAsync();

        Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo("text/event-stream"));
        Assert.That(response.Headers.CacheControl?.NoCache, Is.True);
        Assert.That(response.Headers.GetValues("X-Accel-Buffering"), Is.EqualTo(new[] { "no" }));
        Assert.That(response.Headers.TransferEncodingChunked, Is.True);
        Assert.That(body, Is.EqualTo("event: update\ndata: first line\ndata: second line\nid: 7\nretry: 3000\n\ndata: plain\n\n"));
    }

    [Test]
    public async Task ServerSentEvents_of_strings_with_an_event_type()
    {
        await using var server = await StartAsync(app => app.MapGet("/sse", () => MicroWeb.Results.ServerSentEvents(Of("one", "two"), "tick")));
        using var client = server.CreateClient();
        var body = await client.GetStringAsync("/sse");
        Assert.That(body, Is.EqualTo("event: tick\ndata: one\n\nevent: tick\ndata: two\n\n"));
    }

    [Test]
    public async Task ServerSentEvents_serialize_items_as_JSON_with_the_apps_options()
    {
        var json = new JsonOptions();
        json.SerializerOptions.PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower;
        await using var server = await StartAsync(
            app =>
            {
                app.MapGet("/points", () => MicroWeb.Results.ServerSentEvents(Of(new Point(1, 2, "a"), new Point(3, 4, "b")), "point"));
                app.MapGet("/items", () => MicroWeb.Results.ServerSentEvents(Of(new SseItem<Point>(new Point(5, 6, "c")) { EventId = "1" })));
            },
            services: s => s.AddSingleton(json));
        using var client = server.CreateClient();

        Assert.That(await client.GetStringAsync("/points"), Is.EqualTo(
            "event: point\ndata: {\"x\":1,\"y\":2,\"point_name\":\"a\"}\n\nevent: point\ndata: {\"x\":3,\"y\":4,\"point_name\":\"b\"}\n\n"));
        Assert.That(await client.GetStringAsync("/items"), Is.EqualTo("data: {\"x\":5,\"y\":6,\"point_name\":\"c\"}\nid: 1\n\n"));
    }

    [Test]
    public async Task ServerSentEvents_flush_each_event_before_the_next_is_produced()
    {
        var firstRead = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        async IAsyncEnumerable<string> Events()
        {
            yield return "first";
            // The second event exists only once the client has received the first.
            await firstRead.Task;
            yield return "second";
        }

        await using var server = await StartAsync(app => app.MapGet("/sse", () => MicroWeb.Results.ServerSentEvents(Events())));
        using var client = server.CreateClient();
        using var response = await OpenAsync(client, "/sse");
        using var reader = new EventReader(await response.Content.ReadAsStreamAsync());

        Assert.That(await reader.NextAsync(), Is.EqualTo("data: first\n\n"));
        firstRead.SetResult();
        Assert.That(await reader.NextAsync(), Is.EqualTo("data: second\n\n"));
        Assert.That(await reader.NextAsync(), Is.Null, "the stream ends with the enumeration");
    }

    [Test]
    public async Task ServerSentEvents_send_comment_heartbeats_while_silent_and_outlive_the_idle_timeouts()
    {
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        async IAsyncEnumerable<string> Events()
        {
            await release.Task;
            yield return "late";
        }

        await using var server = await StartAsync(
            app => app.MapGet("/sse", () => MicroWeb.Results.ServerSentEvents(Events())),
            server: o =>
            {
                // Every idle limit is shorter than the silence below: none of them may end a stream that is waiting for its application.
                o.KeepAliveTimeout = TimeSpan.FromSeconds(1);
                o.RequestHeadersTimeout = TimeSpan.FromSeconds(1);
                o.MinResponseDataRateGracePeriod = TimeSpan.FromSeconds(1);
            },
            services: s => s.AddSingleton(new ServerSentEventsOptions { HeartbeatInterval = TimeSpan.FromMilliseconds(200) }));
        using var client = server.CreateClient();
        using var response = await OpenAsync(client, "/sse");
        using var reader = new EventReader(await response.Content.ReadAsStreamAsync());

        var started = Environment.TickCount64;
        var heartbeats = 0;
        // The heartbeats are the clock: 2.5 s of silence, longer than every timeout configured above.
        while (Environment.TickCount64 - started < 2500)
        {
            Assert.That(await reader.NextAsync(), Is.EqualTo(": \n\n"));
            heartbeats++;
        }
        release.SetResult();

        Assert.That(heartbeats, Is.GreaterThanOrEqualTo(5));
        Assert.That(await reader.NextAsync(), Is.EqualTo("data: late\n\n"));
    }

    [Test]
    public async Task ServerSentEvents_handler_reads_the_Last_Event_ID_header()
    {
        await using var server = await StartAsync(app =>
        {
            app.MapGet("/bound", ([FromHeader(Name = "Last-Event-ID")] string? lastEventId) => MicroWeb.Results.ServerSentEvents(Of(lastEventId ?? "none")));
            app.MapGet("/header", (HttpContext context) => MicroWeb.Results.ServerSentEvents(Of(context.Request.Headers["Last-Event-ID"].ToString())));
        });
        using var client = server.CreateClient();

        using (var response = await OpenAsync(client, "/bound", null, ("Last-Event-ID", "41")))
            Assert.That(await response.Content.ReadAsStringAsync(), Is.EqualTo("data: 41\n\n"));
        using (var response = await OpenAsync(client, "/bound"))
            Assert.That(await response.Content.ReadAsStringAsync(), Is.EqualTo("data: none\n\n"));
        using (var response = await OpenAsync(client, "/header", null, ("Last-Event-ID", "abc")))
            Assert.That(await response.Content.ReadAsStringAsync(), Is.EqualTo("data: abc\n\n"));
    }

    [Test]
    public async Task ServerSentEvents_enumeration_is_cancelled_when_the_client_disconnects()
    {
        var finallyRan = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var cancelled = false;
        async IAsyncEnumerable<string> Events([EnumeratorCancellation] CancellationToken cancellationToken = default)
        {
            try
            {
                yield return "hello";
                await Task.Delay(Timeout.Infinite, cancellationToken);
            }
            finally
            {
                cancelled = cancellationToken.IsCancellationRequested;
                finallyRan.SetResult();
            }
        }

        await using var server = await StartAsync(app => app.MapGet("/sse", () => MicroWeb.Results.ServerSentEvents(Events())));
        using (var socket = new System.Net.Sockets.TcpClient())
        {
            await socket.ConnectAsync("127.0.0.1", server.Port);
            var stream = socket.GetStream();
            await stream.WriteAsync("GET /sse HTTP/1.1\r\nHost: t\r\n\r\n"u8.ToArray());
            var received = new StringBuilder();
            var buffer = new byte[4096];
            using var timeout = new CancellationTokenSource(s_wait);
            while (!received.ToString().Contains("data: hello\n\n", StringComparison.Ordinal))
            {
                var read = await stream.ReadAsync(buffer, timeout.Token);
                Assert.That(read, Is.GreaterThan(0), "the server closed the stream early");
                received.Append(Encoding.ASCII.GetString(buffer, 0, read));
            }
            Assert.That(received.ToString(), Does.Contain("Content-Type: text/event-stream"));
        }

        await finallyRan.Task.WaitAsync(s_wait);
        Assert.That(cancelled, Is.True, "the enumerator's token was cancelled");
    }

    [Test]
    public async Task ServerSentEvents_HEAD_sends_the_headers_only_and_the_connection_carries_on()
    {
        var enumerated = false;
        async IAsyncEnumerable<string> Events()
        {
            enumerated = true;
            await Task.Yield();
            yield return "x";
        }

        await using var server = await StartAsync(app => app.MapGet("/sse", () => MicroWeb.Results.ServerSentEvents(Events())));
        using var connection = await server.ConnectAsync();
        await connection.SendAsync("HEAD /sse HTTP/1.1\r\nHost: t\r\n\r\n");
        var response = await connection.ReadResponseAsync(headRequest: true);

        Assert.That(response.StatusCode, Is.EqualTo(200));
        Assert.That(response.Header("Content-Type"), Is.EqualTo("text/event-stream"));
        Assert.That(response.Header("Cache-Control"), Is.EqualTo("no-cache"));
        Assert.That(response.Header("Content-Length"), Is.Null, "the GET body is open-ended");
        // The connection stays usable: a GET after the HEAD gets its stream.
        await connection.SendAsync("GET /sse HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n");
        var get = await connection.ReadResponseAsync();
        Assert.That(get.BodyText, Is.EqualTo("data: x\n\n"));
        Assert.That(enumerated, Is.True, "the GET enumerated");
    }

    [Test]
    public async Task ServerSentEvents_HEAD_alone_does_not_start_the_enumeration()
    {
        var enumerated = false;
        async IAsyncEnumerable<string> Events()
        {
            enumerated = true;
            await Task.Yield();
            yield return "x";
        }

        await using var server = await StartAsync(app => app.MapGet("/sse", () => MicroWeb.Results.ServerSentEvents(Events())));
        using var connection = await server.ConnectAsync();
        await connection.SendAsync("HEAD /sse HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n");
        var response = await connection.ReadResponseAsync(headRequest: true);

        Assert.That(response.Header("Content-Type"), Is.EqualTo("text/event-stream"));
        Assert.That(await connection.IsClosedByServerAsync(), Is.True);
        Assert.That(enumerated, Is.False);
    }

    [Test]
    public async Task ServerSentEvents_end_when_the_app_stops_well_within_the_shutdown_timeout()
    {
        var finallyRan = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        async IAsyncEnumerable<string> Events([EnumeratorCancellation] CancellationToken cancellationToken = default)
        {
            try
            {
                yield return "hello";
                await Task.Delay(Timeout.Infinite, cancellationToken);
            }
            finally
            {
                finallyRan.SetResult();
            }
        }

        await using var server = await StartAsync(
            app => app.MapGet("/sse", () => MicroWeb.Results.ServerSentEvents(Events())),
            server: o => o.ShutdownTimeout = TimeSpan.FromMinutes(5));
        using var client = server.CreateClient();
        using var response = await OpenAsync(client, "/sse");
        using var reader = new EventReader(await response.Content.ReadAsStreamAsync());
        Assert.That(await reader.NextAsync(), Is.EqualTo("data: hello\n\n"));

        // Without the stop signal the server would wait its five minutes for the stream to end.
        await server.App.StopAsync().WaitAsync(s_wait);

        Assert.That(finallyRan.Task.IsCompleted, Is.True);
        Assert.That(await reader.NextAsync(), Is.Null, "the stream ended cleanly (final chunk), not with a reset");
        Assert.That(server.Logs.Entries.Select(e => e.Message), Has.None.Contains("Shutdown timed out"));
    }

    /// <summary>Reads an event stream one block (up to and including the blank line) at a time.</summary>
    private sealed class EventReader(Stream stream) : IDisposable
    {
        private readonly byte[] _buffer = new byte[4096];
        private readonly List<byte> _pending = [];

        /// <summary>The next block, or null at the end of the stream.</summary>
        public async Task<string?> NextAsync()
        {
            using var timeout = new CancellationTokenSource(s_wait);
            while (true)
            {
                for (var i = 1; i < _pending.Count; i++)
                {
                    if (_pending[i] == '\n' && _pending[i - 1] == '\n')
                    {
                        var block = Encoding.UTF8.GetString(_pending.GetRange(0, i + 1).ToArray());
                        _pending.RemoveRange(0, i + 1);
                        return block;
                    }
                }
                var read = await stream.ReadAsync(_buffer, timeout.Token);
                if (read == 0) return _pending.Count == 0 ? null : throw new EndOfStreamException("The stream ended inside an event.");
                _pending.AddRange(_buffer.AsSpan(0, read));
            }
        }

        public void Dispose() => stream.Dispose();
    }
}
