using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Microsoft.Extensions.Logging;
using MicroWeb.Middleware.StaticFiles;
using MicroWeb.Tests.Support;
using static MicroWeb.Tests.Middleware.StaticFiles.StaticFileTestHost;

namespace MicroWeb.Tests.Middleware.StaticFiles;

public class StaticFileTests
{
    private static async Task<HttpResponseMessage> GetAsync(TestServer server, string path, Action<HttpRequestHeaders>? headers = null, HttpMethod? method = null)
    {
        using var client = server.CreateClient();
        var request = new HttpRequestMessage(method ?? HttpMethod.Get, path);
        headers?.Invoke(request.Headers);
        return await client.SendAsync(request);
    }

    [TestCase("site.css", "text/css; charset=utf-8")]
    [TestCase("app.js", "text/javascript; charset=utf-8")]
    [TestCase("mod.mjs", "text/javascript; charset=utf-8")]
    [TestCase("page.html", "text/html; charset=utf-8")]
    [TestCase("data.json", "application/json")]
    [TestCase("logo.svg", "image/svg+xml")]
    [TestCase("img/photo.JPG", "image/jpeg")]
    [TestCase("pic.webp", "image/webp")]
    [TestCase("font.woff2", "font/woff2")]
    [TestCase("app.wasm", "application/wasm")]
    [TestCase("app.js.map", "application/json")]
    [TestCase("clip.mp4", "video/mp4")]
    public async Task Files_are_served_with_the_content_type_of_their_extension(string file, string contentType)
    {
        using var dir = CreateSite();
        dir.Write("static/" + file, "content of " + file);
        await using var server = await StartAsync(dir);
        using var response = await GetAsync(server, "/static/" + file);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(response.Content.Headers.ContentType!.ToString(), Is.EqualTo(contentType));
        Assert.That(await response.Content.ReadAsStringAsync(), Is.EqualTo("content of " + file));
    }

    [Test]
    public async Task Unknown_extensions_fall_through_unless_mapped_or_allowed()
    {
        using var dir = CreateSite();
        dir.Write("static/Program.cs", "class P {}");
        dir.Write("static/thing.foo", "foo");
        dir.Write("static/README", "no extension");
        await using (var server = await StartAsync(dir, options => options.ContentTypes[".foo"] = "application/x-foo"))
        {
            using (var response = await GetAsync(server, "/static/Program.cs"))
                Assert.That(await response.Content.ReadAsStringAsync(), Is.EqualTo("fell through"));
            using (var response = await GetAsync(server, "/static/README"))
                Assert.That(await response.Content.ReadAsStringAsync(), Is.EqualTo("fell through"));
            using (var response = await GetAsync(server, "/static/thing.foo"))
                Assert.That(response.Content.Headers.ContentType!.MediaType, Is.EqualTo("application/x-foo"));
        }
        await using (var server = await StartAsync(dir, options => options.ServeUnknownFileTypes = true))
        {
            using var response = await GetAsync(server, "/static/Program.cs");
            Assert.That(response.Content.Headers.ContentType!.MediaType, Is.EqualTo("application/octet-stream"));
            Assert.That(await response.Content.ReadAsStringAsync(), Is.EqualTo("class P {}"));
        }
    }

    [Test]
    public async Task Responses_carry_validators_cache_control_and_accept_ranges()
    {
        using var dir = CreateSite();
        var path = dir.Write("static/a.txt", "hello");
        File.SetLastWriteTimeUtc(path, new DateTime(2024, 5, 6, 7, 8, 9, 500, DateTimeKind.Utc));
        await using var server = await StartAsync(dir);
        using var response = await GetAsync(server, "/static/a.txt");
        Assert.That(response.Headers.ETag!.IsWeak, Is.False);
        Assert.That(response.Headers.ETag.Tag, Does.Match("^\"[0-9a-f]+-5\"$"));
        Assert.That(response.Content.Headers.LastModified, Is.EqualTo(new DateTimeOffset(2024, 5, 6, 7, 8, 9, TimeSpan.Zero)));
        Assert.That(response.Headers.CacheControl!.NoCache, Is.True);
        Assert.That(response.Headers.AcceptRanges, Is.EquivalentTo(new[] { "bytes" }));
        Assert.That(response.Content.Headers.ContentLength, Is.EqualTo(5));
    }

    [Test]
    public async Task If_None_Match_gets_304_for_the_current_tag_a_weak_form_a_list_member_or_star()
    {
        using var dir = CreateSite();
        dir.Write("static/a.txt", "hello");
        await using var server = await StartAsync(dir);
        string etag;
        using (var first = await GetAsync(server, "/static/a.txt")) etag = first.Headers.ETag!.Tag;

        foreach (var header in new[] { etag, "W/" + etag, $"\"other\", {etag}", "*", $"\"x\",W/{etag}" })
        {
            using var response = await GetAsync(server, "/static/a.txt", h => h.TryAddWithoutValidation("If-None-Match", header));
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.NotModified), header);
            Assert.That(response.Headers.ETag!.Tag, Is.EqualTo(etag));
            Assert.That(await response.Content.ReadAsByteArrayAsync(), Is.Empty);
        }
        using (var response = await GetAsync(server, "/static/a.txt", h => h.TryAddWithoutValidation("If-None-Match", "\"stale\"")))
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
    }

    [Test]
    public async Task If_Modified_Since_gets_304_unless_the_file_is_newer_and_If_None_Match_takes_precedence()
    {
        using var dir = CreateSite();
        var path = dir.Write("static/a.txt", "hello");
        File.SetLastWriteTimeUtc(path, new DateTime(2024, 5, 6, 7, 8, 9, DateTimeKind.Utc));
        await using var server = await StartAsync(dir);
        const string lastModified = "Mon, 06 May 2024 07:08:09 GMT";

        using (var response = await GetAsync(server, "/static/a.txt", h => h.TryAddWithoutValidation("If-Modified-Since", lastModified)))
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.NotModified));
        using (var response = await GetAsync(server, "/static/a.txt", h => h.TryAddWithoutValidation("If-Modified-Since", "Mon, 06 May 2024 07:08:08 GMT")))
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        using (var response = await GetAsync(server, "/static/a.txt", h =>
        {
            h.TryAddWithoutValidation("If-Modified-Since", lastModified);
            h.TryAddWithoutValidation("If-None-Match", "\"stale\"");
        }))
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), "a failing If-None-Match wins over a matching If-Modified-Since");
        using (var response = await GetAsync(server, "/static/a.txt", h => h.TryAddWithoutValidation("If-Modified-Since", "not a date")))
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
    }

    [Test]
    public async Task If_Match_that_fails_gets_412()
    {
        using var dir = CreateSite();
        dir.Write("static/a.txt", "hello");
        await using var server = await StartAsync(dir);
        using var response = await GetAsync(server, "/static/a.txt", h => h.TryAddWithoutValidation("If-Match", "\"nope\""));
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.PreconditionFailed));
    }

    [TestCase("bytes=0-4", "01234", "bytes 0-4/36")]
    [TestCase("bytes=30-", "uvwxyz", "bytes 30-35/36")]
    [TestCase("bytes=-3", "xyz", "bytes 33-35/36")]
    [TestCase("bytes=34-1000", "yz", "bytes 34-35/36")]
    [TestCase("bytes=-100", "0123456789abcdefghijklmnopqrstuvwxyz", "bytes 0-35/36")]
    [TestCase("BYTES=1-1", "1", "bytes 1-1/36")]
    public async Task A_single_range_gets_206_with_content_range(string range, string body, string contentRange)
    {
        using var dir = CreateSite();
        dir.Write("static/abc.txt", "0123456789abcdefghijklmnopqrstuvwxyz");
        await using var server = await StartAsync(dir);
        var response = await RawAsync(server, "/static/abc.txt", extraHeaders: $"Range: {range}\r\n");
        Assert.That(response.StatusCode, Is.EqualTo(206));
        Assert.That(response.BodyText, Is.EqualTo(body));
        Assert.That(response.Header("Content-Range"), Is.EqualTo(contentRange));
        Assert.That(response.Header("Content-Length"), Is.EqualTo(body.Length.ToString()));
    }

    [TestCase("bytes=36-")]
    [TestCase("bytes=100-200")]
    [TestCase("bytes=-0")]
    public async Task An_unsatisfiable_range_gets_416_with_the_length(string range)
    {
        using var dir = CreateSite();
        dir.Write("static/abc.txt", "0123456789abcdefghijklmnopqrstuvwxyz");
        await using var server = await StartAsync(dir);
        var response = await RawAsync(server, "/static/abc.txt", extraHeaders: $"Range: {range}\r\n");
        Assert.That(response.StatusCode, Is.EqualTo(416));
        Assert.That(response.Header("Content-Range"), Is.EqualTo("bytes */36"));
        Assert.That(response.BodyText, Does.Not.Contain("0123"));
    }

    [TestCase("bytes=0-1,4-5")]
    [TestCase("bytes=5-2")]
    [TestCase("bytes=a-b")]
    [TestCase("items=0-1")]
    [TestCase("bytes=")]
    [TestCase("bytes = 1-1")]
    public async Task Several_or_malformed_ranges_get_the_whole_file(string range)
    {
        using var dir = CreateSite();
        dir.Write("static/abc.txt", "0123456789abcdefghijklmnopqrstuvwxyz");
        await using var server = await StartAsync(dir);
        var response = await RawAsync(server, "/static/abc.txt", extraHeaders: $"Range: {range}\r\n");
        Assert.That(response.StatusCode, Is.EqualTo(200));
        Assert.That(response.BodyText, Has.Length.EqualTo(36));
    }

    [Test]
    public async Task If_Range_applies_the_range_only_while_the_validator_matches()
    {
        using var dir = CreateSite();
        var path = dir.Write("static/abc.txt", "0123456789abcdefghijklmnopqrstuvwxyz");
        File.SetLastWriteTimeUtc(path, new DateTime(2024, 5, 6, 7, 8, 9, DateTimeKind.Utc));
        await using var server = await StartAsync(dir);
        var etag = (await RawAsync(server, "/static/abc.txt")).Header("ETag")!;

        Assert.That((await RawAsync(server, "/static/abc.txt", extraHeaders: $"Range: bytes=0-1\r\nIf-Range: {etag}\r\n")).StatusCode, Is.EqualTo(206));
        Assert.That((await RawAsync(server, "/static/abc.txt", extraHeaders: "Range: bytes=0-1\r\nIf-Range: Mon, 06 May 2024 07:08:09 GMT\r\n")).StatusCode, Is.EqualTo(206));
        Assert.That((await RawAsync(server, "/static/abc.txt", extraHeaders: "Range: bytes=0-1\r\nIf-Range: \"changed\"\r\n")).StatusCode, Is.EqualTo(200));
        Assert.That((await RawAsync(server, "/static/abc.txt", extraHeaders: $"Range: bytes=0-1\r\nIf-Range: W/{etag}\r\n")).StatusCode, Is.EqualTo(200), "If-Range needs a strong match");
        Assert.That((await RawAsync(server, "/static/abc.txt", extraHeaders: "Range: bytes=0-1\r\nIf-Range: Mon, 06 May 2024 07:08:10 GMT\r\n")).StatusCode, Is.EqualTo(200));
    }

    [Test]
    public async Task Ranges_of_a_streamed_file_are_read_from_the_right_offset()
    {
        using var dir = CreateSite();
        var content = new byte[300_000];
        new Random(42).NextBytes(content);
        dir.Write("static/big.bin", content);
        await using var server = await StartAsync(dir, options => options.ContentTypes[".bin"] = "application/octet-stream");
        var response = await RawAsync(server, "/static/big.bin", extraHeaders: "Range: bytes=100000-250000\r\n");
        Assert.That(response.StatusCode, Is.EqualTo(206));
        Assert.That(response.Body, Is.EqualTo(content[100_000..250_001]));
        var whole = await RawAsync(server, "/static/big.bin");
        Assert.That(whole.Header("Content-Length"), Is.EqualTo("300000"), "a Content-Length, not chunked");
        Assert.That(whole.Body, Is.EqualTo(content));
    }

    [Test]
    public async Task Head_gets_the_headers_of_get_without_a_body()
    {
        using var dir = CreateSite();
        dir.Write("static/a.css", "body { color: red }");
        await using var server = await StartAsync(dir);
        using var connection = await server.ConnectAsync();
        await connection.SendAsync("HEAD /static/a.css HTTP/1.1\r\nHost: t\r\n\r\nGET /static/a.css HTTP/1.1\r\nHost: t\r\n\r\n");
        var head = await connection.ReadResponseAsync(headRequest: true);
        var get = await connection.ReadResponseAsync();
        Assert.That(head.StatusCode, Is.EqualTo(200));
        Assert.That(head.Header("Content-Length"), Is.EqualTo("19"));
        Assert.That(head.Header("ETag"), Is.EqualTo(get.Header("ETag")));
        Assert.That(get.BodyText, Is.EqualTo("body { color: red }"), "the HEAD answer had no body: the next response parses cleanly");
    }

    [Test]
    public async Task Methods_other_than_get_and_head_fall_through()
    {
        using var dir = CreateSite();
        dir.Write("static/a.txt", "hello");
        await using var server = await StartAsync(dir);
        using var client = server.CreateClient();
        using var response = await client.PostAsync("/static/a.txt", new StringContent(""));
        Assert.That(await response.Content.ReadAsStringAsync(), Is.EqualTo("fell through"));
    }

    [Test]
    public async Task Paths_outside_the_mount_and_missing_files_fall_through()
    {
        using var dir = CreateSite();
        dir.Write("static/a.txt", "hello");
        await using var server = await StartAsync(dir);
        Assert.That((await RawAsync(server, "/staticx/a.txt")).BodyText, Is.EqualTo("fell through"));
        Assert.That((await RawAsync(server, "/static/b.txt")).BodyText, Is.EqualTo("fell through"));
        Assert.That((await RawAsync(server, "/STATIC/a.txt")).BodyText, Is.EqualTo("hello"), "the mount matches case-insensitively");
    }

    [Test]
    public async Task Folders_have_no_listing_and_serve_the_default_document_after_a_redirect_to_the_slash_url()
    {
        using var dir = CreateSite();
        dir.Write("static/a.txt", "hello");
        dir.Write("static/docs/index.html", "<p>docs</p>");
        await using (var server = await StartAsync(dir))
        {
            Assert.That((await RawAsync(server, "/static/")).BodyText, Is.EqualTo("fell through"));
            Assert.That((await RawAsync(server, "/static/docs/")).BodyText, Is.EqualTo("fell through"));
            Assert.That((await RawAsync(server, "/static/docs")).BodyText, Is.EqualTo("fell through"));
        }
        await using (var server = await StartAsync(dir, options => options.DefaultDocument = "index.html"))
        {
            var redirect = await RawAsync(server, "/static/docs?x=1");
            Assert.That(redirect.StatusCode, Is.EqualTo(301));
            Assert.That(redirect.Header("Location"), Is.EqualTo("/static/docs/?x=1"));
            var page = await RawAsync(server, "/static/docs/");
            Assert.That(page.BodyText, Is.EqualTo("<p>docs</p>"));
            Assert.That(page.Header("Content-Type"), Is.EqualTo("text/html; charset=utf-8"));
            Assert.That((await RawAsync(server, "/static/")).BodyText, Is.EqualTo("fell through"), "no index.html at the root, and no listing");
        }
    }

    [Test]
    public async Task Dot_files_are_hidden_unless_allowed()
    {
        using var dir = CreateSite();
        dir.Write("static/.env", "PASSWORD=x");
        dir.Write("static/.well-known/security.txt", "Contact: me");
        await using (var server = await StartAsync(dir, options => options.ServeUnknownFileTypes = true))
        {
            Assert.That((await RawAsync(server, "/static/.env")).BodyText, Is.EqualTo("fell through"));
            Assert.That((await RawAsync(server, "/static/.well-known/security.txt")).BodyText, Is.EqualTo("fell through"));
        }
        await using (var server = await StartAsync(dir, options => options.ServeDotFiles = true))
            Assert.That((await RawAsync(server, "/static/.well-known/security.txt")).BodyText, Is.EqualTo("Contact: me"));
    }

    [Test]
    public async Task A_changed_file_is_served_fresh_with_a_new_etag()
    {
        using var dir = CreateSite();
        var path = dir.Write("static/a.txt", "version one");
        File.SetLastWriteTimeUtc(path, new DateTime(2024, 1, 1, 0, 0, 0, DateTimeKind.Utc));
        await using var server = await StartAsync(dir, options => options.FileCheckInterval = TimeSpan.Zero);
        var first = await RawAsync(server, "/static/a.txt");
        Assert.That(first.BodyText, Is.EqualTo("version one"));

        File.WriteAllText(path, "version two!");
        File.SetLastWriteTimeUtc(path, new DateTime(2024, 1, 2, 0, 0, 0, DateTimeKind.Utc));
        var second = await RawAsync(server, "/static/a.txt");
        Assert.That(second.BodyText, Is.EqualTo("version two!"));
        Assert.That(second.Header("ETag"), Is.Not.EqualTo(first.Header("ETag")));

        File.Delete(path);
        Assert.That((await RawAsync(server, "/static/a.txt")).BodyText, Is.EqualTo("fell through"));
    }

    [Test]
    public async Task Small_files_are_cached_in_memory_within_the_budget()
    {
        using var dir = CreateSite();
        dir.Write("static/a.txt", new string('a', 1000));
        dir.Write("static/b.txt", new string('b', 1000));
        var options = new StaticFileOptions { RootPath = dir.Combine("static"), CacheSizeLimit = 1500 };
        var middleware = new StaticFileMiddleware(options, new PhysicalFileProvider(options.RootPath, false));
        await using var server = await TestServer.StartAsync(FallThrough, configurePipeline: app => app.Use(middleware.InvokeAsync));
        Assert.That((await RawAsync(server, "/static/a.txt")).BodyText, Has.Length.EqualTo(1000));
        Assert.That(middleware.Cache.MemorySize, Is.EqualTo(1000));
        Assert.That((await RawAsync(server, "/static/b.txt")).BodyText, Is.EqualTo(new string('b', 1000)), "over budget: streamed instead");
        Assert.That(middleware.Cache.MemorySize, Is.EqualTo(1000));
    }

    [Test]
    public async Task Several_mounts_serve_their_own_folders()
    {
        using var dir = CreateSite();
        dir.Write("static/a.txt", "from static");
        dir.Write("assets/a.txt", "from assets");
        var assets = new StaticFileOptions { RootPath = dir.Combine("assets"), RequestPath = "/assets/v1/" };
        await using var server = await StartAsync(dir, before: app => app.UseStaticFiles(assets));
        Assert.That((await RawAsync(server, "/static/a.txt")).BodyText, Is.EqualTo("from static"));
        Assert.That((await RawAsync(server, "/assets/v1/a.txt")).BodyText, Is.EqualTo("from assets"));
    }

    [Test]
    public async Task A_missing_root_folder_is_a_warning_naming_it_and_the_app_still_serves()
    {
        using var dir = new TempDirectory();
        await using var server = await TestServer.StartAsync(
            context => context.Response.WriteAsync("app").AsTask(),
            configurePipeline: app => app.UseStaticFiles(new StaticFileOptions { RootPath = dir.Combine("nope") }));

        var warning = server.Logs.Entries.Single(e => e.Category == "MicroWeb.StaticFiles");
        using var client = server.CreateClient();

        Assert.That(warning.Level, Is.EqualTo(LogLevel.Warning));
        Assert.That(warning.Message, Does.Contain(dir.Combine("nope")).And.Contain("StaticFileOptions.RootPath"));
        Assert.That(await client.GetStringAsync("/static/a.txt"), Is.EqualTo("app"), "requests go on to the app");
    }

    [Test]
    public async Task A_50_MB_file_is_streamed_with_bounded_memory()
    {
        const long size = 50L * 1024 * 1024;
        using var dir = CreateSite();
        var path = dir.Combine("static/big.mp4");
        using (var file = File.Create(path))
        {
            file.SetLength(size);
            file.Position = size - 4;
            file.Write("END!"u8);
        }
        await using var server = await StartAsync(dir);
        using var client = server.CreateClient();
        var buffer = new byte[81920];
        // Warm up connection, JIT and pools so the measurement sees the steady state.
        using (var warm = await client.GetAsync("/static/big.mp4", HttpCompletionOption.ResponseHeadersRead))
        await using (var stream = await warm.Content.ReadAsStreamAsync())
            while (await stream.ReadAsync(buffer) > 0) { }

        var before = GC.GetTotalAllocatedBytes(precise: true);
        long received = 0;
        var tail = new byte[4];
        using (var response = await client.GetAsync("/static/big.mp4", HttpCompletionOption.ResponseHeadersRead))
        {
            Assert.That(response.Content.Headers.ContentLength, Is.EqualTo(size));
            await using var stream = await response.Content.ReadAsStreamAsync();
            int read;
            while ((read = await stream.ReadAsync(buffer)) > 0)
            {
                if (received + read >= size) Array.Copy(buffer, read - 4, tail, 0, 4);
                received += read;
            }
        }
        var allocated = GC.GetTotalAllocatedBytes(precise: true) - before;
        Assert.That(received, Is.EqualTo(size));
        Assert.That(Encoding.ASCII.GetString(tail), Is.EqualTo("END!"));
        Assert.That(allocated, Is.LessThan(size / 20), $"allocated {allocated:N0} bytes for a {size:N0}-byte file (client and server together)");
        TestContext.Out.WriteLine($"Allocated {allocated:N0} bytes while serving {size:N0} bytes");
    }
}
