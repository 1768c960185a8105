using System.IO.Compression;
using System.Text;
using MicroWeb.Middleware.Compression;
using MicroWeb.Tests.Middleware.StaticFiles;
using MicroWeb.Tests.Support;

namespace MicroWeb.Tests.Middleware.Compression;

public class ResponseCompressionTests
{
    private static readonly string s_text = string.Concat(Enumerable.Repeat("The quick brown fox jumps over the lazy dog. ", 100));

    [TestCase("gzip", 1)]
    [TestCase("br", 0)]
    [TestCase("gzip, br", 0)]
    [TestCase("gzip;q=1, br;q=0.5", 1)]
    [TestCase("br;q=0, gzip", 1)]
    [TestCase("br;q=0, gzip;q=0", -1)]
    [TestCase("*", 0)]
    [TestCase("*;q=0.1, br;q=0", 1)]
    [TestCase("identity", -1)]
    [TestCase("deflate", -1)]
    [TestCase("GZIP; Q=0.5", 1)]
    [TestCase("gzip;q=bad, br", 0)]
    [TestCase("", -1)]
    public void Accept_encoding_picks_the_best_rated_enabled_encoding(string acceptEncoding, int expected) =>
        Assert.That(new CompressionPolicy(new ResponseCompressionOptions()).Negotiate(acceptEncoding), Is.EqualTo(expected));

    [Test]
    public void Disabled_encodings_are_never_picked() =>
        Assert.That(new CompressionPolicy(new ResponseCompressionOptions { EnableBrotli = false }).Negotiate("br, gzip;q=0.1"), Is.EqualTo(1));

    [TestCase("text/plain", true)]
    [TestCase("text/html; charset=utf-8", true)]
    [TestCase("application/json", true)]
    [TestCase("Application/JSON", true)]
    [TestCase("image/svg+xml", true)]
    [TestCase("image/png", false)]
    [TestCase("text/event-stream", false)]
    [TestCase("application/octet-stream", false)]
    [TestCase(null, false)]
    public void Compressible_types_are_matched_by_media_type(string? contentType, bool expected) =>
        Assert.That(new CompressionPolicy(new ResponseCompressionOptions()).IsCompressible(contentType), Is.EqualTo(expected));

    private static Task<TestServer> StartAsync(RequestDelegate handler, ResponseCompressionOptions? options = null) =>
        TestServer.StartAsync(handler, configurePipeline: app => app.UseResponseCompression(options));

    private static Task WriteText(HttpContext context)
    {
        context.Response.ContentType = context.Request.Query["type"].ToString() is { Length: > 0 } type ? type : "text/plain; charset=utf-8";
        var length = context.Request.Query["length"].ToString() is { Length: > 0 } l ? int.Parse(l) : s_text.Length;
        return context.Response.WriteAsync(s_text[..length]).AsTask();
    }

    private static async Task<RawResponse> GetAsync(TestServer server, string target, string acceptEncoding, string method = "GET", string extraHeaders = "")
    {
        using var connection = await server.ConnectAsync();
        var header = acceptEncoding.Length > 0 ? $"Accept-Encoding: {acceptEncoding}\r\n" : "";
        await connection.SendAsync($"{method} {target} HTTP/1.1\r\nHost: t\r\n{header}{extraHeaders}Connection: close\r\n\r\n");
        return await connection.ReadResponseAsync(headRequest: method == "HEAD");
    }

    private static string Decode(RawResponse response) => response.Header("Content-Encoding") switch
    {
        "gzip" => new StreamReader(new GZipStream(new MemoryStream(response.Body), CompressionMode.Decompress)).ReadToEnd(),
        "br" => new StreamReader(new BrotliStream(new MemoryStream(response.Body), CompressionMode.Decompress)).ReadToEnd(),
        _ => Encoding.UTF8.GetString(response.Body),
    };

    [TestCase("gzip", "gzip")]
    [TestCase("br", "br")]
    [TestCase("gzip;q=0.8, br;q=0.9", "br")]
    [TestCase("br;q=0.1, gzip", "gzip")]
    public async Task Compressible_bodies_are_compressed_with_the_negotiated_encoding(string acceptEncoding, string expected)
    {
        await using var server = await StartAsync(WriteText);
        var response = await GetAsync(server, "/", acceptEncoding);
        Assert.That(response.Header("Content-Encoding"), Is.EqualTo(expected));
        Assert.That(response.Header("Vary"), Is.EqualTo("Accept-Encoding"));
        Assert.That(response.Body, Has.Length.LessThan(s_text.Length / 4));
        Assert.That(Decode(response), Is.EqualTo(s_text));
    }

    [TestCase("")]
    [TestCase("identity")]
    [TestCase("gzip;q=0, br;q=0")]
    public async Task Clients_that_accept_no_supported_encoding_get_identity(string acceptEncoding)
    {
        await using var server = await StartAsync(WriteText);
        var response = await GetAsync(server, "/", acceptEncoding);
        Assert.That(response.Header("Content-Encoding"), Is.Null);
        Assert.That(response.BodyText, Is.EqualTo(s_text));
        if (acceptEncoding.Length > 0) Assert.That(response.Header("Vary"), Is.EqualTo("Accept-Encoding"));
    }

    [Test]
    public async Task Bodies_below_the_threshold_and_incompressible_types_are_sent_as_they_are()
    {
        await using var server = await StartAsync(WriteText);
        var small = await GetAsync(server, "/?length=859", "gzip");
        Assert.That(small.Header("Content-Encoding"), Is.Null);
        Assert.That(small.Header("Content-Length"), Is.EqualTo("859"));
        Assert.That((await GetAsync(server, "/?length=860", "gzip")).Header("Content-Encoding"), Is.EqualTo("gzip"));
        var png = await GetAsync(server, "/?type=image/png", "gzip");
        Assert.That(png.Header("Content-Encoding"), Is.Null);
        Assert.That(png.Header("Vary"), Is.Null);
    }

    [Test]
    public async Task ServerSentEvents_are_neither_compressed_nor_held_back()
    {
        var firstRead = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        async IAsyncEnumerable<string> Events()
        {
            // Far below MinimumSize: held back, it would never reach the client before the second event.
            yield return "first";
            await firstRead.Task;
            yield return s_text;
        }

        await using var server = await TestServer.StartAsync(null, configurePipeline: app =>
        {
            app.UseResponseCompression();
            app.MapGet("/sse", () => MicroWeb.Results.ServerSentEvents(Events()));
        });
        using var client = server.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/sse");
        request.Headers.TryAddWithoutValidation("Accept-Encoding", "gzip, br");
        using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        var stream = await response.Content.ReadAsStreamAsync();
        var first = new byte["data: first\n\n".Length];
        using (var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10)))
            await stream.ReadExactlyAsync(first, timeout.Token);
        firstRead.SetResult();
        var rest = await new StreamReader(stream).ReadToEndAsync();

        Assert.That(Encoding.UTF8.GetString(first), Is.EqualTo("data: first\n\n"));
        Assert.That(rest, Is.EqualTo($"data: {s_text}\n\n"));
        Assert.That(response.Content.Headers.ContentEncoding, Is.Empty);
        Assert.That(response.Headers.Vary, Is.Empty);
    }

    [Test]
    public async Task Already_encoded_bodies_no_content_and_head_are_left_alone()
    {
        await using var server = await StartAsync(context =>
        {
            switch (context.Request.Path)
            {
                case "/encoded":
                    context.Response.Headers["Content-Encoding"] = "custom";
                    return WriteText(context);
                case "/empty":
                    context.Response.StatusCode = 204;
                    return Task.CompletedTask;
                default:
                    return WriteText(context);
            }
        });
        var encoded = await GetAsync(server, "/encoded", "gzip");
        Assert.That(encoded.Header("Content-Encoding"), Is.EqualTo("custom"));
        Assert.That(encoded.BodyText, Is.EqualTo(s_text));
        Assert.That((await GetAsync(server, "/empty", "gzip")).StatusCode, Is.EqualTo(204));
        var head = await GetAsync(server, "/", "gzip", method: "HEAD");
        Assert.That(head.Header("Content-Encoding"), Is.Null);
        Assert.That(head.Header("Content-Length"), Is.EqualTo(s_text.Length.ToString()));
    }

    [Test]
    public async Task Large_streamed_bodies_are_compressed_as_they_are_written()
    {
        var chunk = string.Concat(Enumerable.Repeat("0123456789abcdef", 4096));
        await using var server = await StartAsync(async context =>
        {
            context.Response.ContentType = "application/json";
            context.Response.ContentLength = chunk.Length * 8L;
            for (var i = 0; i < 8; i++) await context.Response.WriteAsync(chunk);
        });
        var response = await GetAsync(server, "/", "gzip");
        Assert.That(response.Header("Content-Encoding"), Is.EqualTo("gzip"));
        Assert.That(response.Header("Content-Length"), Is.Null.Or.EqualTo(response.Body.Length.ToString()), "the announced length was of the uncompressed body");
        Assert.That(response.Body, Has.Length.LessThan(chunk.Length));
        Assert.That(Decode(response), Is.EqualTo(string.Concat(Enumerable.Repeat(chunk, 8))));
    }

    [Test]
    public async Task An_exception_handler_outside_compression_replaces_a_half_compressed_body()
    {
        await using var server = await TestServer.StartAsync(async context =>
        {
            await WriteText(context);
            throw new InvalidOperationException("after writing");
        }, configurePipeline: app =>
        {
            app.UseExceptionHandler();
            app.UseResponseCompression();
        });
        var response = await GetAsync(server, "/", "gzip");
        Assert.That(response.StatusCode, Is.EqualTo(500));
        Assert.That(response.Header("Content-Encoding"), Is.Null);
        Assert.That(response.BodyText, Is.EqualTo("500 Internal Server Error"));
    }

    [Test]
    public async Task Static_files_are_compressed_with_a_weak_etag_but_ranges_stay_uncompressed()
    {
        using var dir = StaticFileTestHost.CreateSite();
        dir.Write("static/app.js", s_text);
        dir.Write("static/big.js", string.Concat(Enumerable.Repeat(s_text, 50)));
        await using var server = await StaticFileTestHost.StartAsync(dir, before: app => app.UseResponseCompression());

        var identity = await GetAsync(server, "/static/app.js", "");
        var strong = identity.Header("ETag")!;
        foreach (var (file, expected) in new[] { ("/static/app.js", s_text), ("/static/big.js", string.Concat(Enumerable.Repeat(s_text, 50))) })
        {
            var br = await GetAsync(server, file, "br");
            Assert.That(br.Header("Content-Encoding"), Is.EqualTo("br"), file);
            Assert.That(br.Header("ETag"), Does.StartWith("W/\""), file);
            Assert.That(br.Header("Vary"), Is.EqualTo("Accept-Encoding"), file);
            Assert.That(br.Header("Accept-Ranges"), Is.Null, file);
            Assert.That(Decode(br), Is.EqualTo(expected), file);
        }
        Assert.That((await GetAsync(server, "/static/app.js", "gzip")).Header("ETag"), Is.EqualTo("W/" + strong));
        var notModified = await GetAsync(server, "/static/app.js", "gzip", extraHeaders: $"If-None-Match: W/{strong}\r\n");
        Assert.That(notModified.StatusCode, Is.EqualTo(304));

        var range = await GetAsync(server, "/static/app.js", "gzip, br", extraHeaders: "Range: bytes=0-8\r\n");
        Assert.That(range.StatusCode, Is.EqualTo(206));
        Assert.That(range.Header("Content-Encoding"), Is.Null);
        Assert.That(range.BodyText, Is.EqualTo("The quick"));
    }
}
