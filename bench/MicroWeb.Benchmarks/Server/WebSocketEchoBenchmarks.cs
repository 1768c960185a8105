using System.Net.WebSockets;
using BenchmarkDotNet.Attributes;
using Microsoft.Extensions.Logging;
using MicroWeb;

namespace MicroWeb.Benchmarks.Server;

/// <summary>
/// WebSocket echo round trips through the real server on loopback: <c>ClientWebSocket</c>s send a 32-byte text message
/// and wait for its echo. One operation is one message echoed; with 100 connections all 100 are in flight at once, so
/// 1 s / Mean is the server's echo rate (messages per second) on this machine, client included.
/// </summary>
[MemoryDiagnoser]
public class WebSocketEchoBenchmarks
{
    private static readonly byte[] s_message = "0123456789abcdef0123456789abcdef"u8.ToArray();

    [Params(1, 100)]
    public int Connections { get; set; }

    private MicroWebApp _app = null!;
    private ClientWebSocket[] _clients = [];
    private byte[][] _buffers = [];
    private Task[] _roundTrips = [];

    [GlobalSetup]
    public void Setup()
    {
        var builder = MicroWebApp.CreateBuilder([]);
        builder.Logging.ClearProviders();
        builder.ConfigureServer(options => options.Urls = "http://127.0.0.1:0");
        _app = builder.Build();
        _app.MapWebSocket("/echo", async (socket, context) =>
        {
            var buffer = new byte[4096];
            while (true)
            {
                var result = await socket.ReceiveAsync(buffer.AsMemory(), context.RequestAborted);
                if (result.MessageType == WebSocketMessageType.Close)
                {
                    await socket.CloseAsync(WebSocketCloseStatus.NormalClosure, null, context.RequestAborted);
                    return;
                }
                await socket.SendAsync(buffer.AsMemory(0, result.Count), result.MessageType, result.EndOfMessage, context.RequestAborted);
            }
        });
        _app.StartAsync().GetAwaiter().GetResult();
        var uri = new Uri(_app.Urls[0].Replace("http://", "ws://", StringComparison.Ordinal) + "/echo");
        _clients = new ClientWebSocket[Connections];
        _buffers = new byte[Connections][];
        _roundTrips = new Task[Connections];
        for (var i = 0; i < Connections; i++)
        {
            _clients[i] = new ClientWebSocket();
            _clients[i].ConnectAsync(uri, CancellationToken.None).GetAwaiter().GetResult();
            _buffers[i] = new byte[64];
        }
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        foreach (var client in _clients)
        {
            client.CloseAsync(WebSocketCloseStatus.NormalClosure, null, CancellationToken.None).GetAwaiter().GetResult();
            client.Dispose();
        }
        _app.DisposeAsync().AsTask().GetAwaiter().GetResult();
    }

    [Benchmark(OperationsPerInvoke = 100)]
    public async Task Echo100Messages()
    {
        // 100 messages an invocation whatever the connection count: 100 in a row on one, or one on each of 100 at once.
        for (var round = 0; round < 100 / Connections; round++)
        {
            for (var i = 0; i < _clients.Length; i++) _roundTrips[i] = RoundTripAsync(_clients[i], _buffers[i]);
            await Task.WhenAll(_roundTrips);
        }
    }

    private static async Task RoundTripAsync(ClientWebSocket client, byte[] buffer)
    {
        await client.SendAsync(s_message, WebSocketMessageType.Text, true, CancellationToken.None);
        var received = 0;
        while (received < s_message.Length)
        {
            var result = await client.ReceiveAsync(buffer.AsMemory(received), CancellationToken.None);
            received += result.Count;
        }
    }
}
