using System.Diagnostics;
using System.Net.Sockets;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using MicroWeb.Tests.Support;

namespace MicroWeb.Tests.Server;

/// <summary>
/// Views render synchronously, but a page bigger than the response buffer must not hold a pool thread while
/// its client reads slowly: the writes go into the connection's output and the connection awaits the socket.
/// </summary>
[NonParallelizable] // 64 sockets and 256 MiB of buffered pages: keep other socket tests out of its way.
public class SlowReaderViewsTests
{
    private const int Readers = 64;
    // Loopback lets the kernel take ~2.7 MB per socket (the server's send buffer grows whatever the client's
    // window), so a 1 MiB page never blocks even a blocking writer: 4 MiB does (this test fails against one).
    private const int PageSize = 4 * 1024 * 1024;
    private const string EndMarker = "<!-- end of page -->";

    /// <summary>Writes a 4 MiB page in 16 KiB pieces and counts the renders that have returned.</summary>
    private sealed class BigPageRenderer : IViewRenderer
    {
        private static readonly string s_piece = new('x', 16 * 1024);
        private int _finished;

        public TaskCompletionSource AllFinished { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public void Render(string name, object? model, TextWriter output)
        {
            for (var written = 0; written < PageSize; written += s_piece.Length) output.Write(s_piece);
            output.Write(EndMarker);
            if (Interlocked.Increment(ref _finished) == Readers) AllFinished.TrySetResult();
        }
    }

    [Test]
    public async Task Sixty_four_stalled_readers_of_a_4_MiB_view_neither_block_their_renders_nor_delay_a_fast_endpoint()
    {
        var renderer = new BigPageRenderer();
        await using var server = await TestServer.StartAsync(null,
            // The stalled readers must not be cut off by the response-rate check during the test, and shutdown
            // must not wait for them either.
            configureServer: options =>
            {
                options.MinResponseDataRate = null;
                options.ShutdownTimeout = TimeSpan.FromSeconds(2);
            },
            configurePipeline: app =>
            {
                app.MapGet("/big", () => MicroWeb.Results.View("big.html"));
                app.MapGet("/fast", () => "fast");
            },
            configureServices: services => services.AddSingleton<IViewRenderer>(renderer));

        var slow = new List<Socket>();
        try
        {
            var request = Encoding.ASCII.GetBytes("GET /big HTTP/1.1\r\nHost: localhost\r\n\r\n");
            for (var i = 0; i < Readers; i++)
            {
                // A small receive window, set before connecting, so the kernel cannot absorb the page for the server.
                var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { ReceiveBufferSize = 4096 };
                slow.Add(socket);
                await socket.ConnectAsync("127.0.0.1", server.Port);
                await socket.SendAsync(request);
            }

            // Nobody reads yet: every render must still return (a blocking write would hold it, and its thread, until the client reads).
            await renderer.AllFinished.Task.WaitAsync(TimeSpan.FromSeconds(20));

            using var fast = await server.ConnectAsync();
            var clock = Stopwatch.StartNew();
            await fast.SendAsync("GET /fast HTTP/1.1\r\nHost: localhost\r\n\r\n");
            var answer = await fast.ReadResponseAsync().WaitAsync(TimeSpan.FromSeconds(5));
            Assert.That(answer.StatusCode, Is.EqualTo(200));
            Assert.That(Encoding.UTF8.GetString(answer.Body), Is.EqualTo("fast"));
            Assert.That(clock.Elapsed, Is.LessThan(TimeSpan.FromSeconds(2)), "the fast endpoint waited behind the stalled readers");

            // The stalled pages were only deferred, not lost: one of them, read now, arrives whole.
            var received = await ReadUntilFinalChunkAsync(slow[0]).WaitAsync(TimeSpan.FromSeconds(20));
            var text = Encoding.ASCII.GetString(received);
            Assert.That(text, Does.StartWith("HTTP/1.1 200 OK\r\n"));
            Assert.That(text, Does.Contain("Transfer-Encoding: chunked"));
            Assert.That(received.Length, Is.GreaterThan(PageSize));
            Assert.That(text, Does.Contain(EndMarker));
        }
        finally
        {
            foreach (var socket in slow) socket.Dispose();
        }
    }

    private static async Task<byte[]> ReadUntilFinalChunkAsync(Socket socket)
    {
        var all = new MemoryStream();
        var buffer = new byte[64 * 1024];
        while (true)
        {
            var read = await socket.ReceiveAsync(buffer);
            if (read == 0) throw new EndOfStreamException($"Connection closed after {all.Length} bytes, before the final chunk.");
            all.Write(buffer, 0, read);
            if (all.Length >= 7 && EndsWithFinalChunk(all)) return all.ToArray();
        }
    }

    private static bool EndsWithFinalChunk(MemoryStream stream)
    {
        var tail = stream.GetBuffer().AsSpan((int)stream.Length - 7, 7);
        return tail.SequenceEqual("\r\n0\r\n\r\n"u8);
    }
}
