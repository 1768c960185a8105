using Microsoft.Extensions.Logging;
using MicroWeb.Testing;
using MicroWeb.Tests.Support;
using static MicroWeb.Tests.Middleware.StaticFiles.StaticFileTestHost;

namespace MicroWeb.Tests.Middleware.StaticFiles;

/// <summary>
/// Files too large for the cache go out with sendfile on a plain socket (<c>SocketTransport</c>), and are streamed
/// where the transport cannot (in memory). Both must give the same bytes, ranges and HEAD answers, and leave a
/// keep-alive connection usable.
/// </summary>
public class SendFileTests
{
    private const int Size = 1 << 20;

    private static byte[] Noise()
    {
        var bytes = new byte[Size];
        new Random(19).NextBytes(bytes);
        return bytes;
    }

    private static string Get(string target, string method = "GET", string extra = "") => $"{method} {target} HTTP/1.1\r\nHost: t\r\n{extra}\r\n";

    [Test]
    public async Task A_1_MiB_file_goes_out_byte_exact_with_ranges_and_HEAD_on_one_keep_alive_connection()
    {
        var content = Noise();
        using var dir = CreateSite();
        dir.Write("static/big.bin", content);
        dir.Write("static/small.txt", "small");
        await using var server = await StartAsync(dir, options => options.ContentTypes[".bin"] = "application/octet-stream");
        using var connection = await server.ConnectAsync();

        await connection.SendAsync(Get("/static/big.bin"));
        var full = await connection.ReadResponseAsync();
        Assert.That(full.StatusCode, Is.EqualTo(200));
        Assert.That(full.Header("Content-Length"), Is.EqualTo(Size.ToString()));
        Assert.That(full.Body, Is.EqualTo(content), "the whole file, byte for byte");

        await connection.SendAsync(Get("/static/big.bin", extra: "Range: bytes=1000-200999\r\n"));
        var range = await connection.ReadResponseAsync();
        Assert.That(range.StatusCode, Is.EqualTo(206));
        Assert.That(range.Header("Content-Range"), Is.EqualTo($"bytes 1000-200999/{Size}"));
        Assert.That(range.Body, Is.EqualTo(content[1000..201000]));

        await connection.SendAsync(Get("/static/big.bin", extra: "Range: bytes=-100\r\n"));
        var suffix = await connection.ReadResponseAsync();
        Assert.That(suffix.StatusCode, Is.EqualTo(206));
        Assert.That(suffix.Body, Is.EqualTo(content[^100..]));

        await connection.SendAsync(Get("/static/big.bin", "HEAD"));
        var head = await connection.ReadResponseAsync(headRequest: true);
        Assert.That(head.StatusCode, Is.EqualTo(200));
        Assert.That(head.Header("Content-Length"), Is.EqualTo(Size.ToString()));

        // Nothing of a body followed the HEAD answer: the next response starts right after it.
        await connection.SendAsync(Get("/static/small.txt", extra: "Connection: close\r\n"));
        var small = await connection.ReadResponseAsync();
        Assert.That(small.StatusCode, Is.EqualTo(200));
        Assert.That(small.BodyText, Is.EqualTo("small"));
        Assert.That(await connection.IsClosedByServerAsync(), Is.True);
    }

    [Test]
    public async Task Pipelined_requests_for_a_large_file_are_answered_in_order()
    {
        var content = Noise();
        using var dir = CreateSite();
        dir.Write("static/big.bin", content);
        dir.Write("static/small.txt", "small");
        await using var server = await StartAsync(dir, options => options.ContentTypes[".bin"] = "application/octet-stream");
        using var connection = await server.ConnectAsync();

        // The small response before is still buffered when the sendfile path flushes the head: it must go out first.
        await connection.SendAsync(Get("/static/small.txt") + Get("/static/big.bin") + Get("/static/small.txt", extra: "Connection: close\r\n"));
        Assert.That((await connection.ReadResponseAsync()).BodyText, Is.EqualTo("small"));
        Assert.That((await connection.ReadResponseAsync()).Body, Is.EqualTo(content));
        Assert.That((await connection.ReadResponseAsync()).BodyText, Is.EqualTo("small"));
    }

    [Test]
    public async Task Behind_response_compression_a_large_file_is_sent_as_is_or_compressed_as_the_policy_says()
    {
        var content = Noise();
        var text = System.Text.Encoding.ASCII.GetBytes(string.Concat(Enumerable.Repeat("compressible text line\n", Size / 23)));
        using var dir = CreateSite();
        dir.Write("static/big.bin", content);
        dir.Write("static/big.txt", text);
        await using var server = await StartAsync(dir, options => options.ContentTypes[".bin"] = "application/octet-stream",
            before: app => app.UseResponseCompression());
        using var connection = await server.ConnectAsync();

        await connection.SendAsync(Get("/static/big.bin", extra: "Accept-Encoding: gzip\r\n"));
        var binary = await connection.ReadResponseAsync();
        Assert.That(binary.Header("Content-Encoding"), Is.Null, "not a compressible type");
        Assert.That(binary.Body, Is.EqualTo(content));

        await connection.SendAsync(Get("/static/big.txt", extra: "Accept-Encoding: gzip\r\nConnection: close\r\n"));
        var compressed = await connection.ReadResponseAsync();
        Assert.That(compressed.Header("Content-Encoding"), Is.EqualTo("gzip"));
        using var gzip = new System.IO.Compression.GZipStream(new MemoryStream(compressed.Body), System.IO.Compression.CompressionMode.Decompress);
        using var plain = new MemoryStream();
        await gzip.CopyToAsync(plain);
        Assert.That(plain.ToArray(), Is.EqualTo(text));
    }

    [Test]
    public async Task Without_a_socket_the_same_file_is_streamed()
    {
        var content = Noise();
        using var dir = CreateSite();
        dir.Write("static/big.bin", content);
        await using var host = MicroWebTestHost.Create(builder => builder.Logging.ClearProviders(), app =>
        {
            var options = new StaticFileOptions { RootPath = dir.Combine("static") };
            options.ContentTypes[".bin"] = "application/octet-stream";
            app.UseStaticFiles(options);
        });
        using var client = host.CreateClient();
        Assert.That(await client.GetByteArrayAsync("/static/big.bin"), Is.EqualTo(content));
        using var request = new HttpRequestMessage(HttpMethod.Get, "/static/big.bin");
        request.Headers.Range = new System.Net.Http.Headers.RangeHeaderValue(5, 9);
        using var response = await client.SendAsync(request);
        Assert.That((int)response.StatusCode, Is.EqualTo(206));
        Assert.That(await response.Content.ReadAsByteArrayAsync(), Is.EqualTo(content[5..10]));
    }
}
