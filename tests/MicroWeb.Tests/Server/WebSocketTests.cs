using System.Diagnostics.Metrics;
using System.Net;
using System.Net.Sockets;
using System.Net.WebSockets;
using System.Text;
using MicroWeb.Tests.Support;

namespace MicroWeb.Tests.Server;

/// <summary>
/// WebSockets (RFC 6455) on the real server on 127.0.0.1: the BCL's <see cref="ClientWebSocket"/> against
/// <c>MapWebSocket</c> and controller actions, and raw bytes for the handshakes it would never send.
/// </summary>
public class WebSocketTests
{
    private static readonly TimeSpan s_deadline = TimeSpan.FromSeconds(30);

    [Test]
    public async Task WebSocket_echoes_text_and_binary_messages_and_the_client_closes()
    {
        var serverSaw = new TaskCompletionSource<WebSocketCloseStatus?>(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var server = await StartAsync(app => app.MapWebSocket("/ws", (socket, context) => EchoAsync(socket, context, serverSaw)));
        using var client = await ConnectAsync(server, "/ws");

        await client.SendAsync("héllo"u8.ToArray(), WebSocketMessageType.Text, true, Timeout());
        var (type, text) = await ReceiveMessageAsync(client);
        Assert.That((type, Encoding.UTF8.GetString(text)), Is.EqualTo((WebSocketMessageType.Text, "héllo")));

        var binary = Enumerable.Range(0, 70_000).Select(i => (byte)i).ToArray();
        await client.SendAsync(binary, WebSocketMessageType.Binary, true, Timeout());
        (type, var echoed) = await ReceiveMessageAsync(client);
        Assert.That(type, Is.EqualTo(WebSocketMessageType.Binary));
        Assert.That(echoed, Is.EqualTo(binary));

        await client.CloseAsync(WebSocketCloseStatus.NormalClosure, "bye", Timeout());
        Assert.That(client.State, Is.EqualTo(WebSocketState.Closed));
        Assert.That(client.CloseStatus, Is.EqualTo(WebSocketCloseStatus.NormalClosure), "the server answered the close with the client's status");
        Assert.That(await serverSaw.Task.WaitAsync(s_deadline), Is.EqualTo(WebSocketCloseStatus.NormalClosure));
    }

    [Test]
    public async Task WebSocket_fragmented_message_arrives_whole_and_a_fragmented_answer_is_reassembled()
    {
        await using var server = await StartAsync(app => app.MapWebSocket("/ws", async (socket, context) =>
        {
            // Reassemble the client's fragments, then answer in three fragments of our own.
            var (_, message) = await ReceiveMessageAsync(socket);
            var reply = Encoding.UTF8.GetBytes($"got {message.Length}: {Encoding.UTF8.GetString(message)}");
            var third = reply.Length / 3;
            await socket.SendAsync(reply.AsMemory(0, third), WebSocketMessageType.Text, false, context.RequestAborted);
            await socket.SendAsync(reply.AsMemory(third, third), WebSocketMessageType.Text, false, context.RequestAborted);
            await socket.SendAsync(reply.AsMemory(2 * third), WebSocketMessageType.Text, true, context.RequestAborted);
            await EchoAsync(socket, context);
        }));
        using var client = await ConnectAsync(server, "/ws");
        foreach (var (part, last) in new[] { ("one ", false), ("two ", false), ("three", true) })
            await client.SendAsync(Encoding.UTF8.GetBytes(part), WebSocketMessageType.Text, last, Timeout());

        var buffer = new byte[1024];
        var fragments = 0;
        var received = new MemoryStream();
        ValueWebSocketReceiveResult result;
        do
        {
            result = await client.ReceiveAsync(buffer.AsMemory(), Timeout());
            received.Write(buffer, 0, result.Count);
            fragments++;
        } while (!result.EndOfMessage);
        Assert.That(Encoding.UTF8.GetString(received.ToArray()), Is.EqualTo("got 13: one two three"));
        Assert.That(fragments, Is.GreaterThanOrEqualTo(3), "the server's three frames stay three receives");
        await client.CloseAsync(WebSocketCloseStatus.NormalClosure, null, Timeout());
    }

    [TestCase(false, TestName = "WebSocket_frame_sent_with_the_handshake_is_read_from_what_the_server_buffered")]
    [TestCase(true, TestName = "WebSocket_frame_sent_with_the_handshake_is_read_when_the_app_awaited_before_accepting")]
    public async Task WebSocket_frame_sent_with_the_handshake(bool awaitFirst)
    {
        await using var server = await StartAsync(app =>
        {
            // Awaiting first lets the connection start its disconnect watch read, which the upgrade must take over.
            if (awaitFirst) app.Use(async (context, next) =>
            {
                await Task.Yield();
                await next();
            });
            app.MapWebSocket("/ws", (socket, context) => EchoAsync(socket, context));
        });
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(IPAddress.Loopback, server.Port);
        var stream = tcp.GetStream();
        // One write: the handshake and a masked text frame "hi" (RFC 6455 §5.2, §5.3) right behind it.
        var mask = new byte[] { 1, 2, 3, 4 };
        var frame = new byte[] { 0x81, 0x82, mask[0], mask[1], mask[2], mask[3], (byte)('h' ^ mask[0]), (byte)('i' ^ mask[1]) };
        var handshake = Encoding.ASCII.GetBytes("GET /ws HTTP/1.1\r\nHost: t\r\nConnection: Upgrade\r\nUpgrade: websocket\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n");
        await stream.WriteAsync(handshake.Concat(frame).ToArray());

        using var timeout = new CancellationTokenSource(s_deadline);
        var received = new List<byte>();
        var one = new byte[1];
        while (!Encoding.ASCII.GetString(received.ToArray()).EndsWith("\r\n\r\n", StringComparison.Ordinal))
        {
            Assert.That(await stream.ReadAsync(one, timeout.Token), Is.EqualTo(1), "the server closed before its 101");
            received.Add(one[0]);
        }
        Assert.That(Encoding.ASCII.GetString(received.ToArray()), Does.StartWith("HTTP/1.1 101 "));
        var echo = new byte[4];
        await stream.ReadExactlyAsync(echo, timeout.Token);
        // The server's frames are not masked (§5.1).
        Assert.That(echo, Is.EqualTo(new byte[] { 0x81, 0x02, (byte)'h', (byte)'i' }));
    }

    [Test]
    public async Task WebSocket_server_initiated_close_handshake_completes_and_the_handler_returns()
    {
        var handlerDone = new TaskCompletionSource<WebSocketState>(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var server = await StartAsync(app => app.MapWebSocket("/ws", async (socket, context) =>
        {
            await socket.CloseAsync(WebSocketCloseStatus.PolicyViolation, "go away", context.RequestAborted);
            handlerDone.SetResult(socket.State);
        }));
        using var client = await ConnectAsync(server, "/ws");
        var result = await client.ReceiveAsync(new byte[16].AsMemory(), Timeout());
        Assert.That(result.MessageType, Is.EqualTo(WebSocketMessageType.Close));
        Assert.That((client.CloseStatus, client.CloseStatusDescription), Is.EqualTo(((WebSocketCloseStatus?)WebSocketCloseStatus.PolicyViolation, "go away")));
        await client.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, null, Timeout());
        Assert.That(await handlerDone.Task.WaitAsync(s_deadline), Is.EqualTo(WebSocketState.Closed));
        // The server then ends the TCP connection first (RFC 6455 §7.1.1): the client reads its end.
        await Poll(() => client.State == WebSocketState.Closed, "client socket closed");
    }

    [Test]
    public async Task WebSocket_subprotocol_is_the_servers_first_choice_among_the_clients()
    {
        var options = new WebSocketOptions { SubProtocols = { "chat.v2", "chat.v1" } };
        await using var server = await StartAsync(app => app.MapWebSocket("/ws", (socket, context) => EchoAsync(socket, context), options));

        using var client = new ClientWebSocket();
        client.Options.AddSubProtocol("chat.v1");
        client.Options.AddSubProtocol("chat.v2");
        await client.ConnectAsync(Uri(server, "/ws"), Timeout());
        Assert.That(client.SubProtocol, Is.EqualTo("chat.v2"));
        await client.CloseAsync(WebSocketCloseStatus.NormalClosure, null, Timeout());

        using var other = new ClientWebSocket();
        other.Options.AddSubProtocol("mqtt");
        // No common protocol: the handshake succeeds with none selected (RFC 6455 §4.2.2 item 5.4), the client decides.
        other.Options.CollectHttpResponseDetails = true;
        await other.ConnectAsync(Uri(server, "/ws"), Timeout());
        Assert.That(other.SubProtocol, Is.Null);
        Assert.That(other.HttpResponseHeaders!.ContainsKey("Sec-WebSocket-Protocol"), Is.False);
        await other.CloseAsync(WebSocketCloseStatus.NormalClosure, null, Timeout());
    }

    [Test]
    public async Task WebSocket_permessage_deflate_is_negotiated_when_enabled_and_messages_round_trip()
    {
        var options = new WebSocketOptions { EnableCompression = true };
        await using var server = await StartAsync(app => app.MapWebSocket("/ws", (socket, context) => EchoAsync(socket, context), options));
        using var client = new ClientWebSocket();
        client.Options.DangerousDeflateOptions = new WebSocketDeflateOptions { ClientMaxWindowBits = 12 };
        client.Options.CollectHttpResponseDetails = true;
        await client.ConnectAsync(Uri(server, "/ws"), Timeout());
        var extensions = client.HttpResponseHeaders!["Sec-WebSocket-Extensions"].Single();
        Assert.That(extensions, Does.StartWith("permessage-deflate").And.Contain("client_max_window_bits=12"));

        var text = string.Concat(Enumerable.Repeat("compressible text, ", 5000));
        await client.SendAsync(Encoding.UTF8.GetBytes(text), WebSocketMessageType.Text, true, Timeout());
        var (_, echoed) = await ReceiveMessageAsync(client);
        Assert.That(Encoding.UTF8.GetString(echoed), Is.EqualTo(text));
        await client.CloseAsync(WebSocketCloseStatus.NormalClosure, null, Timeout());

        // Not enabled: the offer is ignored and the socket works uncompressed.
        await using var plain = await StartAsync(app => app.MapWebSocket("/ws", (socket, context) => EchoAsync(socket, context)));
        using var uncompressed = new ClientWebSocket();
        uncompressed.Options.DangerousDeflateOptions = new WebSocketDeflateOptions();
        uncompressed.Options.CollectHttpResponseDetails = true;
        await uncompressed.ConnectAsync(Uri(plain, "/ws"), Timeout());
        Assert.That(uncompressed.HttpResponseHeaders!.ContainsKey("Sec-WebSocket-Extensions"), Is.False);
        await uncompressed.CloseAsync(WebSocketCloseStatus.NormalClosure, null, Timeout());
    }

    [Test]
    public async Task WebSocket_handshake_answer_is_the_RFC_example_accept_value()
    {
        await using var server = await StartAsync(app => app.MapWebSocket("/ws", (socket, context) => EchoAsync(socket, context)));
        var head = await RawHandshakeAsync(server, "GET /ws HTTP/1.1\r\nHost: t\r\nConnection: keep-alive, Upgrade\r\nUpgrade: websocket\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n");
        // RFC 6455 §1.3's worked example.
        Assert.That(head, Does.StartWith("HTTP/1.1 101 Switching Protocols\r\n")
            .And.Contain("\r\nSec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=\r\n")
            .And.Contain("\r\nUpgrade: websocket\r\n")
            .And.Contain("\r\nConnection: Upgrade\r\n")
            .And.Not.Contain("Content-Length").And.Not.Contain("Transfer-Encoding"));
    }

    [TestCase("GET /ws HTTP/1.1\r\nHost: t\r\nConnection: Upgrade\r\nUpgrade: websocket\r\nSec-WebSocket-Version: 13\r\n\r\n", 400, null, TestName = "WebSocket_handshake_without_a_key_gets_400")]
    [TestCase("GET /ws HTTP/1.1\r\nHost: t\r\nConnection: Upgrade\r\nUpgrade: websocket\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Key: c2hvcnQ=\r\n\r\n", 400, null, TestName = "WebSocket_handshake_with_a_key_not_of_16_bytes_gets_400")]
    [TestCase("GET /ws HTTP/1.1\r\nHost: t\r\n\r\n", 400, null, TestName = "WebSocket_endpoint_asked_for_plain_GET_gets_400")]
    [TestCase("GET /ws HTTP/1.1\r\nHost: t\r\nContent-Length: 3\r\nConnection: Upgrade\r\nUpgrade: websocket\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\nabc", 400, null, TestName = "WebSocket_handshake_with_a_body_gets_400")]
    [TestCase("GET /ws HTTP/1.1\r\nHost: t\r\nConnection: Upgrade\r\nUpgrade: websocket\r\nSec-WebSocket-Version: 8\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n", 426, "Sec-WebSocket-Version: 13", TestName = "WebSocket_handshake_with_version_8_gets_426_naming_13")]
    [TestCase("POST /ws HTTP/1.1\r\nHost: t\r\nContent-Length: 0\r\nConnection: Upgrade\r\nUpgrade: websocket\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n", 405, "Allow: GET", TestName = "WebSocket_handshake_with_POST_gets_405")]
    [TestCase("HEAD /ws HTTP/1.1\r\nHost: t\r\nConnection: Upgrade\r\nUpgrade: websocket\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n", 405, "Allow: GET", TestName = "WebSocket_handshake_with_HEAD_gets_405")]
    [TestCase("GET /ws HTTP/1.1\r\nHost: t\r\nOrigin: https://evil.example\r\nConnection: Upgrade\r\nUpgrade: websocket\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n", 403, null, TestName = "WebSocket_handshake_from_a_foreign_origin_gets_403")]
    [TestCase("GET /ws HTTP/1.1\r\nHost: t\r\nOrigin: HTTPS://board.example\r\nConnection: Upgrade\r\nUpgrade: websocket\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n", 101, "Sec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=", TestName = "WebSocket_handshake_from_an_allowed_origin_gets_101")]
    public async Task WebSocket_handshake_answers(string request, int status, string? header)
    {
        var options = new WebSocketOptions { AllowedOrigins = { "https://board.example" } };
        var handled = false;
        await using var server = await StartAsync(app => app.MapWebSocket("/ws", (socket, context) =>
        {
            handled = true;
            socket.Abort();
            return Task.CompletedTask;
        }, options));
        var head = await RawHandshakeAsync(server, request);
        Assert.That(head, Does.StartWith($"HTTP/1.1 {status} "));
        if (header is not null) Assert.That(head, Does.Contain($"\r\n{header}"));
        if (status != 101)
        {
            Assert.That(head, Does.Contain("\r\nConnection: close\r\n").Or.Not.Contain("Upgrade: websocket"));
            Assert.That(handled, Is.False, "the handler never runs for a refused handshake");
        }
    }

    [Test]
    public async Task WebSocket_message_over_MaxMessageSize_closes_with_1009()
    {
        var options = new WebSocketOptions { MaxMessageSize = 4096 };
        var serverSaw = new TaskCompletionSource<WebSocketCloseStatus?>(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var server = await StartAsync(app => app.MapWebSocket("/ws", (socket, context) => EchoAsync(socket, context, serverSaw), options));
        using var client = await ConnectAsync(server, "/ws");

        // At the limit is fine (in two fragments: the count spans the message, not a frame).
        await client.SendAsync(new byte[2048], WebSocketMessageType.Binary, false, Timeout());
        await client.SendAsync(new byte[2048], WebSocketMessageType.Binary, true, Timeout());
        Assert.That((await ReceiveMessageAsync(client)).Data, Has.Length.EqualTo(4096));

        var send = client.SendAsync(new byte[100_000], WebSocketMessageType.Binary, true, Timeout());
        var buffer = new byte[8192];
        ValueWebSocketReceiveResult result;
        do result = await client.ReceiveAsync(buffer.AsMemory(), Timeout());
        while (result.MessageType != WebSocketMessageType.Close);
        Assert.That(client.CloseStatus, Is.EqualTo(WebSocketCloseStatus.MessageTooBig));
        await send;
        await client.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, null, Timeout());
        Assert.That(await serverSaw.Task.WaitAsync(s_deadline), Is.EqualTo(WebSocketCloseStatus.MessageTooBig));
    }

    [Test]
    public async Task WebSocket_graceful_shutdown_closes_open_sockets_with_1001()
    {
        var accepted = new CountdownEvent(3);
        var server = await StartAsync(app => app.MapWebSocket("/ws", (socket, context) =>
        {
            accepted.Signal();
            return EchoAsync(socket, context);
        }));
        var clients = new List<ClientWebSocket>();
        try
        {
            for (var i = 0; i < 3; i++) clients.Add(await ConnectAsync(server, "/ws"));
            var receives = clients.Select(c => c.ReceiveAsync(new byte[64].AsMemory(), Timeout()).AsTask()).ToList();
            var stop = server.App.StopAsync();
            foreach (var (client, receive) in clients.Zip(receives))
            {
                var result = await receive.WaitAsync(s_deadline);
                Assert.That(result.MessageType, Is.EqualTo(WebSocketMessageType.Close));
                Assert.That(client.CloseStatus, Is.EqualTo(WebSocketCloseStatus.EndpointUnavailable));
                await client.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, null, Timeout());
            }
            // Each handler ended with the close handshake, so shutdown finishes long before ShutdownTimeout (30 s).
            await stop.WaitAsync(TimeSpan.FromSeconds(20));
            Assert.That(server.Logs.Entries.Any(e => e.Message.Contains("Shutdown timed out")), Is.False);
        }
        finally
        {
            foreach (var client in clients) client.Dispose();
            await server.DisposeAsync();
        }
    }

    [Test]
    public async Task WebSocket_over_MaxConcurrentUpgradedConnections_gets_503_and_a_freed_slot_is_reused()
    {
        // Through configuration, so the binder's key is what sets the limit.
        await using var server = await TestServer.StartAsync(null, configurePipeline: app =>
        {
            app.MapWebSocket("/ws", (socket, context) => EchoAsync(socket, context));
            app.MapGet("/plain", () => "plain");
        }, args: ["--Server:MaxConcurrentUpgradedConnections=2"]);
        using var first = await ConnectAsync(server, "/ws");
        using var second = await ConnectAsync(server, "/ws");
        var head = await RawHandshakeAsync(server, "GET /ws HTTP/1.1\r\nHost: t\r\nConnection: Upgrade\r\nUpgrade: websocket\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n");
        Assert.That(head, Does.StartWith("HTTP/1.1 503 "));
        // Plain HTTP is not limited by it.
        using (var http = server.CreateClient())
            Assert.That((int)(await http.GetAsync("/plain")).StatusCode, Is.EqualTo(200));

        await first.CloseAsync(WebSocketCloseStatus.NormalClosure, null, Timeout());
        ClientWebSocket? third = null;
        await Poll(async () =>
        {
            try
            {
                third = await ConnectAsync(server, "/ws");
                return true;
            }
            catch (WebSocketException)
            {
                return false; // the server has not finished closing the first one yet
            }
        }, "a third socket once the first closed");
        using (third)
        {
            await third!.SendAsync("x"u8.ToArray(), WebSocketMessageType.Text, true, Timeout());
            Assert.That(Encoding.UTF8.GetString((await ReceiveMessageAsync(third)).Data), Is.EqualTo("x"));
            await third.CloseAsync(WebSocketCloseStatus.NormalClosure, null, Timeout());
        }
        await second.CloseAsync(WebSocketCloseStatus.NormalClosure, null, Timeout());
    }

    [Test]
    public async Task WebSocket_1000_concurrent_sockets_each_echo_once()
    {
        const int count = 1000;
        await using var server = await StartAsync(app => app.MapWebSocket("/ws", (socket, context) => EchoAsync(socket, context)));
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        var clients = new ClientWebSocket[count];
        try
        {
            // Bounded: at most 50 handshakes in flight, so the 2-core machine and the listen backlog are not flooded.
            using var gate = new SemaphoreSlim(50);
            await Task.WhenAll(Enumerable.Range(0, count).Select(async i =>
            {
                await gate.WaitAsync(deadline.Token);
                try
                {
                    clients[i] = new ClientWebSocket();
                    await clients[i].ConnectAsync(Uri(server, "/ws"), deadline.Token);
                }
                finally
                {
                    gate.Release();
                }
            }));
            // All 1,000 open at once, then each echoes.
            Assert.That(clients.Count(c => c.State == WebSocketState.Open), Is.EqualTo(count));
            var echoes = await Task.WhenAll(clients.Select(async (client, i) =>
            {
                await client.SendAsync(Encoding.UTF8.GetBytes($"m{i}"), WebSocketMessageType.Text, true, deadline.Token);
                var (_, data) = await ReceiveMessageAsync(client, deadline.Token);
                return Encoding.UTF8.GetString(data) == $"m{i}";
            }));
            Assert.That(echoes.Count(ok => ok), Is.EqualTo(count));
            await Task.WhenAll(clients.Select(c => c.CloseAsync(WebSocketCloseStatus.NormalClosure, null, deadline.Token)));
        }
        finally
        {
            foreach (var client in clients) client?.Dispose();
        }
    }

    [Test]
    public async Task WebSocket_from_a_controller_action_through_HttpContext_WebSockets()
    {
        await using var server = await StartAsync(app => app.MapControllers(typeof(WebSocketEchoController)));
        using var client = new ClientWebSocket();
        client.Options.AddSubProtocol("echo");
        await client.ConnectAsync(Uri(server, "/controller/ws"), Timeout());
        Assert.That(client.SubProtocol, Is.EqualTo("echo"));
        await client.SendAsync("via controller"u8.ToArray(), WebSocketMessageType.Text, true, Timeout());
        Assert.That(Encoding.UTF8.GetString((await ReceiveMessageAsync(client)).Data), Is.EqualTo("via controller"));
        await client.CloseAsync(WebSocketCloseStatus.NormalClosure, null, Timeout());

        using var http = server.CreateClient();
        var plain = await http.GetAsync("/controller/ws");
        Assert.That(((int)plain.StatusCode, await plain.Content.ReadAsStringAsync()), Is.EqualTo((400, "WebSocket only")));
    }

    [Test]
    public async Task WebSocket_upgraded_connection_outlives_the_HTTP_keep_alive_and_header_timeouts()
    {
        await using var server = await StartAsync(app => app.MapWebSocket("/ws", (socket, context) => EchoAsync(socket, context)),
            o =>
            {
                o.KeepAliveTimeout = TimeSpan.FromSeconds(1);
                o.RequestHeadersTimeout = TimeSpan.FromSeconds(1);
            });
        using var client = await ConnectAsync(server, "/ws");
        // The condition under test is time passing: three heartbeats, each of which would close an idle HTTP connection.
        await Task.Delay(TimeSpan.FromSeconds(3.5));
        await client.SendAsync("still here"u8.ToArray(), WebSocketMessageType.Text, true, Timeout());
        Assert.That(Encoding.UTF8.GetString((await ReceiveMessageAsync(client)).Data), Is.EqualTo("still here"));
        await client.CloseAsync(WebSocketCloseStatus.NormalClosure, null, Timeout());
    }

    [Test]
    public async Task WebSocket_upgrade_passes_response_compression_untouched_and_is_counted_as_upgraded()
    {
        var measurements = new System.Collections.Concurrent.ConcurrentQueue<long>();
        var upgraded = new SemaphoreSlim(0);
        await using var server = await StartAsync(app =>
        {
            app.UseResponseCompression();
            app.MapWebSocket("/ws", (socket, context) =>
            {
                upgraded.Release();
                return EchoAsync(socket, context);
            });
        });
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == MicroWebDiagnostics.MeterName && instrument.Name == "microweb.server.upgraded_connections") l.EnableMeasurementEvents(instrument);
        };
        listener.SetMeasurementEventCallback<long>((_, value, tags, _) =>
        {
            foreach (var tag in tags)
                if (tag.Key == "server.port" && tag.Value is int port && port == server.Port) measurements.Enqueue(value);
        });
        listener.Start();

        using var client = new ClientWebSocket();
        client.Options.SetRequestHeader("Accept-Encoding", "gzip, br");
        client.Options.CollectHttpResponseDetails = true;
        await client.ConnectAsync(Uri(server, "/ws"), Timeout());
        Assert.That(client.HttpResponseHeaders!.ContainsKey("Content-Encoding"), Is.False);
        var text = string.Concat(Enumerable.Repeat("compressible ", 1000));
        await client.SendAsync(Encoding.UTF8.GetBytes(text), WebSocketMessageType.Text, true, Timeout());
        Assert.That(Encoding.UTF8.GetString((await ReceiveMessageAsync(client)).Data), Is.EqualTo(text));
        Assert.That(await upgraded.WaitAsync(s_deadline), Is.True);
        Assert.That(measurements, Is.EqualTo(new long[] { 1 }));
        await client.CloseAsync(WebSocketCloseStatus.NormalClosure, null, Timeout());
        await Poll(() => measurements.Count == 2, "the upgraded connection counted down");
        Assert.That(measurements.Sum(), Is.Zero);
    }

    [Test]
    public void WebSocket_connection_limit_key_is_bound_and_validated()
    {
        var builder = MicroWebApp.CreateBuilder(["--Server:MaxConcurrentUpgradedConnections=0"]);
        Assert.That(() => builder.Build(), Throws.InvalidOperationException.With.Message.Contains("'Server:MaxConcurrentUpgradedConnections'"));
        var typo = MicroWebApp.CreateBuilder(["--Server:MaxConcurrentUpgradedConnection=5"]);
        Assert.That(() => typo.Build(), Throws.InvalidOperationException.With.Message.Contains("MaxConcurrentUpgradedConnections"), "did-you-mean names the key");
    }

    private static Task<TestServer> StartAsync(Action<MicroWebApp> configure, Action<ServerOptions>? server = null) =>
        TestServer.StartAsync(null, server, app =>
        {
            configure(app);
            app.MapGet("/plain", () => "plain");
        });

    private static Uri Uri(TestServer server, string path) => new($"ws://127.0.0.1:{server.Port}{path}");

    private static CancellationToken Timeout() => new CancellationTokenSource(s_deadline).Token;

    private static async Task<ClientWebSocket> ConnectAsync(TestServer server, string path)
    {
        var client = new ClientWebSocket();
        try
        {
            await client.ConnectAsync(Uri(server, path), Timeout());
            return client;
        }
        catch
        {
            client.Dispose();
            throw;
        }
    }

    /// <summary>Echoes every message (frame by frame) until the client closes, then completes the close handshake.</summary>
    internal static async Task EchoAsync(WebSocket socket, HttpContext context, TaskCompletionSource<WebSocketCloseStatus?>? closed = null)
    {
        var buffer = new byte[16 * 1024];
        while (true)
        {
            var result = await socket.ReceiveAsync(buffer.AsMemory(), context.RequestAborted);
            if (result.MessageType == WebSocketMessageType.Close)
            {
                closed?.TrySetResult(socket.CloseStatus);
                await socket.CloseAsync(socket.CloseStatus ?? WebSocketCloseStatus.NormalClosure, socket.CloseStatusDescription, context.RequestAborted);
                return;
            }
            await socket.SendAsync(buffer.AsMemory(0, result.Count), result.MessageType, result.EndOfMessage, context.RequestAborted);
        }
    }

    private static async Task<(WebSocketMessageType Type, byte[] Data)> ReceiveMessageAsync(WebSocket socket, CancellationToken cancellationToken = default)
    {
        if (!cancellationToken.CanBeCanceled) cancellationToken = Timeout();
        var buffer = new byte[16 * 1024];
        var message = new MemoryStream();
        while (true)
        {
            var result = await socket.ReceiveAsync(buffer.AsMemory(), cancellationToken);
            message.Write(buffer, 0, result.Count);
            if (result.EndOfMessage) return (result.MessageType, message.ToArray());
        }
    }

    /// <summary>Sends raw bytes and returns the response head (up to the blank line).</summary>
    private static async Task<string> RawHandshakeAsync(TestServer server, string request)
    {
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(IPAddress.Loopback, server.Port);
        var stream = tcp.GetStream();
        await stream.WriteAsync(Encoding.ASCII.GetBytes(request));
        var head = new StringBuilder();
        var one = new byte[1];
        using var timeout = new CancellationTokenSource(s_deadline);
        while (!head.ToString().EndsWith("\r\n\r\n", StringComparison.Ordinal))
        {
            if (await stream.ReadAsync(one, timeout.Token) == 0) break;
            head.Append((char)one[0]);
        }
        return head.ToString();
    }

    private static Task Poll(Func<bool> condition, string what) => Poll(() => Task.FromResult(condition()), what);

    /// <summary>Polls with a deadline where no signal exists (the server finishing a close on its side).</summary>
    private static async Task Poll(Func<Task<bool>> condition, string what)
    {
        var until = DateTime.UtcNow + s_deadline;
        while (!await condition())
        {
            if (DateTime.UtcNow > until) Assert.Fail($"Timed out waiting for: {what}");
            await Task.Delay(20);
        }
    }
}

/// <summary>A controller accepting the upgrade itself, with the ASP.NET shape.</summary>
[Route("/controller")]
public sealed class WebSocketEchoController : Controller
{
    [HttpGet("ws")]
    public async Task<IResult?> Socket()
    {
        if (!HttpContext.WebSockets.IsWebSocketRequest) return Results.Text("WebSocket only", statusCode: 400);
        var protocol = HttpContext.WebSockets.WebSocketRequestedProtocols.Contains("echo") ? "echo" : null;
        using var socket = await HttpContext.WebSockets.AcceptWebSocketAsync(protocol);
        await WebSocketTests.EchoAsync(socket, HttpContext);
        return null;
    }
}
