using System.Net.Sockets;
using System.Text;
using MicroWeb.Tests.Support;

namespace MicroWeb.Tests.Server;

/// <summary>
/// Nothing on the request path blocks a thread on the network: synchronous body reads are refused, synchronous
/// writes and flushes are taken at once and sent at the next awaited flush.
/// </summary>
public class SynchronousIoTests
{
    [Test]
    public async Task Synchronous_read_of_the_request_body_throws_naming_ReadAsync_and_returns_0_past_the_end()
    {
        await using var server = await TestServer.StartAsync(async context =>
        {
            string refused;
            try
            {
                _ = context.Request.Body.Read(new byte[10], 0, 10);
                refused = "read";
            }
            catch (InvalidOperationException e)
            {
                refused = e.Message;
            }
            var body = await new StreamReader(context.Request.Body).ReadToEndAsync();
            var pastEnd = context.Request.Body.Read(new byte[10], 0, 10);
            await context.Response.WriteAsync($"{refused}|{body}|{pastEnd}");
        });
        using var client = server.CreateClient();
        using var response = await client.PostAsync("/", new StringContent("hello"));
        Assert.That(await response.Content.ReadAsStringAsync(),
            Is.EqualTo("Synchronous reads of the request body are not supported; use ReadAsync.|hello|0"));
    }

    [Test]
    public async Task Synchronous_writes_of_a_4_MiB_body_return_before_the_client_reads_and_then_arrive_whole()
    {
        const int pieces = 64;
        var piece = new byte[64 * 1024];
        Array.Fill(piece, (byte)'x');
        var handlerReturned = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var server = await TestServer.StartAsync(context =>
            {
                for (var i = 0; i < pieces; i++) context.Response.Body.Write(piece);
                handlerReturned.TrySetResult();
                return Task.CompletedTask;
            },
            configureServer: options => options.MinResponseDataRate = null);

        // A small window, set before connecting; 4 MiB is more than loopback's kernel buffers take.
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { ReceiveBufferSize = 4096 };
        await socket.ConnectAsync("127.0.0.1", server.Port);
        await socket.SendAsync("GET / HTTP/1.1\r\nHost: t\r\n\r\n"u8.ToArray());

        // Not one byte read yet: a blocking write would still be waiting for the client here.
        await handlerReturned.Task.WaitAsync(TimeSpan.FromSeconds(10));

        var received = await ReadUntilFinalChunkAsync(socket).WaitAsync(TimeSpan.FromSeconds(20));
        var text = Encoding.ASCII.GetString(received);
        Assert.That(text, Does.StartWith("HTTP/1.1 200 OK\r\n"));
        Assert.That(text, Does.Contain("Transfer-Encoding: chunked"));
        var headEnd = text.IndexOf("\r\n\r\n", StringComparison.Ordinal) + 4;
        Assert.That(DecodeChunked(received.AsSpan(headEnd)), Is.EqualTo(pieces * piece.Length));
    }

    [Test]
    public async Task Synchronous_flush_starts_a_chunked_response_as_before_without_waiting()
    {
        await using var server = await TestServer.StartAsync(context =>
        {
            context.Response.Body.Write("a"u8);
            context.Response.Body.Flush();
            Assert.That(context.Response.HasStarted, Is.True);
            context.Response.Body.Write("b"u8);
            return Task.CompletedTask;
        });
        using var connection = await server.ConnectAsync();
        await connection.SendAsync("GET / HTTP/1.1\r\nHost: t\r\n\r\n");
        var response = await connection.ReadResponseAsync();
        Assert.That(response.Header("Transfer-Encoding"), Is.EqualTo("chunked"));
        Assert.That(response.Header("Content-Length"), Is.Null);
        Assert.That(response.BodyText, Is.EqualTo("ab"));
    }

    [Test]
    public async Task No_100_Continue_once_the_response_has_started()
    {
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var server = await TestServer.StartAsync(async context =>
        {
            await context.Response.StartAsync();
            started.TrySetResult();
            var body = await new StreamReader(context.Request.Body).ReadToEndAsync();
            await context.Response.WriteAsync("got " + body);
        });
        using var connection = await server.ConnectAsync();
        await connection.SendAsync("POST / HTTP/1.1\r\nHost: t\r\nContent-Length: 5\r\nExpect: 100-continue\r\n\r\n");
        var reading = connection.ReadResponseAsync();
        await started.Task.WaitAsync(TimeSpan.FromSeconds(10));
        await connection.SendAsync("hello");
        var response = await reading.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.That(response.StatusCode, Is.EqualTo(200), "the final response is the answer: no interim 100 after it");
        Assert.That(response.BodyText, Is.EqualTo("got hello"));
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
            if (all.Length >= 7 && all.GetBuffer().AsSpan((int)all.Length - 7, 7).SequenceEqual("\r\n0\r\n\r\n"u8)) return all.ToArray();
        }
    }

    /// <summary>The body length of a complete chunked body; throws on bad framing.</summary>
    private static long DecodeChunked(ReadOnlySpan<byte> data)
    {
        long total = 0;
        while (true)
        {
            var lineEnd = data.IndexOf("\r\n"u8);
            var size = Convert.ToInt32(Encoding.ASCII.GetString(data[..lineEnd]), 16);
            data = data[(lineEnd + 2)..];
            if (size == 0) return total;
            if (!data[size..].StartsWith("\r\n"u8)) throw new FormatException("chunk not followed by CRLF");
            total += size;
            data = data[(size + 2)..];
        }
    }
}
