using System.Net;
using System.Net.Http.Headers;
using MicroWeb.Tests.Middleware;
using MicroWeb.Tests.Support;

namespace MicroWeb.Tests.HttpResults;

/// <summary>
/// Results.File for a path goes through the same engine as static files (Http/Files/FileResponder): validators,
/// conditional requests, ranges, HEAD and the content-type table. Real server, real socket.
/// </summary>
public class FileResultTests
{
    private const string Alphabet = "abcdefghijklmnopqrstuvwxyz";
    private static readonly DateTime s_written = new(2024, 5, 6, 7, 8, 9, 500, DateTimeKind.Utc);

    /// <summary>A folder of files dated <see cref="s_written"/> and a server whose routes answer with Results.File.</summary>
    private sealed class Site : IAsyncDisposable
    {
        private readonly TempDirectory _dir = new();

        public TestServer Server { get; private set; } = null!;

        public static async Task<Site> StartAsync()
        {
            var site = new Site();
            var dir = site._dir;
            foreach (var name in new[] { "site.css", "data.unknownext", "report.pdf" })
                File.SetLastWriteTimeUtc(dir.Write(name, Alphabet), s_written);
            site.Server = await TestServer.StartAsync(handler: null, configurePipeline: app =>
            {
                app.MapGet("/css", () => MicroWeb.Results.File(dir.Combine("site.css")));
                app.MapGet("/unknown", () => MicroWeb.Results.File(dir.Combine("data.unknownext")));
                app.MapGet("/typed", () => MicroWeb.Results.File(dir.Combine("site.css"), "text/x-custom"));
                app.MapGet("/download", () => MicroWeb.Results.File(dir.Combine("report.pdf"), downloadName: "report.pdf"));
                app.MapPost("/css", () => MicroWeb.Results.File(dir.Combine("site.css")));
            });
            return site;
        }

        public async ValueTask DisposeAsync()
        {
            if (Server is not null) await Server.DisposeAsync();
            _dir.Dispose();
        }
    }

    private static async Task<HttpResponseMessage> SendAsync(TestServer server, string path, Action<HttpRequestHeaders>? headers = null, HttpMethod? method = null)
    {
        using var client = server.CreateClient();
        var request = new HttpRequestMessage(method ?? HttpMethod.Get, path);
        headers?.Invoke(request.Headers);
        return await client.SendAsync(request);
    }

    [Test]
    public async Task A_file_answers_with_validators_accept_ranges_and_the_content_type_of_its_extension()
    {
        await using var site = await Site.StartAsync();
        var server = site.Server;

        using var response = await SendAsync(server, "/css");

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(await response.Content.ReadAsStringAsync(), Is.EqualTo(Alphabet));
        Assert.That(response.Content.Headers.ContentType!.ToString(), Is.EqualTo("text/css; charset=utf-8"));
        Assert.That(response.Content.Headers.ContentLength, Is.EqualTo(26));
        Assert.That(response.Headers.ETag!.IsWeak, Is.False);
        Assert.That(response.Headers.ETag.Tag, Does.Match("^\"[0-9a-f]+-1a\"$"));
        Assert.That(response.Content.Headers.LastModified, Is.EqualTo(new DateTimeOffset(2024, 5, 6, 7, 8, 9, TimeSpan.Zero)));
        Assert.That(response.Headers.AcceptRanges, Is.EquivalentTo(new[] { "bytes" }));
    }

    [Test]
    public async Task An_explicit_content_type_wins_and_an_unknown_extension_is_octet_stream()
    {
        await using var site = await Site.StartAsync();
        var server = site.Server;

        using (var typed = await SendAsync(server, "/typed"))
            Assert.That(typed.Content.Headers.ContentType!.MediaType, Is.EqualTo("text/x-custom"));
        using (var unknown = await SendAsync(server, "/unknown"))
            Assert.That(unknown.Content.Headers.ContentType!.MediaType, Is.EqualTo("application/octet-stream"));
    }

    [Test]
    public async Task A_matching_if_none_match_or_a_later_if_modified_since_is_304_without_a_body()
    {
        await using var site = await Site.StartAsync();
        var server = site.Server;
        string etag;
        using (var first = await SendAsync(server, "/css")) etag = first.Headers.ETag!.Tag;

        using (var response = await SendAsync(server, "/css", h => h.IfNoneMatch.Add(new EntityTagHeaderValue(etag))))
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.NotModified));
            Assert.That(response.Headers.ETag!.Tag, Is.EqualTo(etag));
            Assert.That(await response.Content.ReadAsByteArrayAsync(), Is.Empty);
        }
        using (var response = await SendAsync(server, "/css", h => h.IfModifiedSince = new DateTimeOffset(2024, 5, 6, 7, 8, 9, TimeSpan.Zero)))
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.NotModified));
        using (var response = await SendAsync(server, "/css", h => h.IfNoneMatch.Add(new EntityTagHeaderValue("\"other\""))))
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        using (var response = await SendAsync(server, "/css", h => h.IfMatch.Add(new EntityTagHeaderValue("\"other\""))))
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.PreconditionFailed));
    }

    [Test]
    public async Task A_range_is_206_with_its_bytes_and_an_unsatisfiable_one_416()
    {
        await using var site = await Site.StartAsync();
        var server = site.Server;

        using (var response = await SendAsync(server, "/css", h => h.Range = new RangeHeaderValue(0, 9)))
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.PartialContent));
            Assert.That(await response.Content.ReadAsStringAsync(), Is.EqualTo("abcdefghij"));
            Assert.That(response.Content.Headers.ContentRange!.ToString(), Is.EqualTo("bytes 0-9/26"));
            Assert.That(response.Content.Headers.ContentLength, Is.EqualTo(10));
        }
        using (var response = await SendAsync(server, "/css", h => h.Range = new RangeHeaderValue(100, null)))
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.RequestedRangeNotSatisfiable));
            Assert.That(response.Content.Headers.ContentRange!.ToString(), Is.EqualTo("bytes */26"));
        }
        using (var response = await SendAsync(server, "/css", h =>
        {
            h.Range = new RangeHeaderValue(0, 9);
            h.IfRange = new RangeConditionHeaderValue(new EntityTagHeaderValue("\"stale\""));
        }))
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), "If-Range with a stale tag: the whole file");
            Assert.That(await response.Content.ReadAsStringAsync(), Is.EqualTo(Alphabet));
        }
    }

    [Test]
    public async Task Head_sends_the_headers_of_a_get_without_the_body()
    {
        await using var site = await Site.StartAsync();
        var server = site.Server;

        using var response = await SendAsync(server, "/css", method: HttpMethod.Head);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(response.Content.Headers.ContentLength, Is.EqualTo(26));
        Assert.That(response.Headers.ETag, Is.Not.Null);
        Assert.That(await response.Content.ReadAsByteArrayAsync(), Is.Empty);
    }

    [Test]
    public async Task A_post_answered_with_a_file_ignores_range_and_conditions()
    {
        await using var site = await Site.StartAsync();
        var server = site.Server;

        using var response = await SendAsync(server, "/css", h =>
        {
            h.Range = new RangeHeaderValue(0, 9);
            h.IfMatch.Add(new EntityTagHeaderValue("\"other\""));
        }, HttpMethod.Post);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(await response.Content.ReadAsStringAsync(), Is.EqualTo(Alphabet));
    }

    [Test]
    public async Task A_download_name_is_sent_with_the_whole_file_and_with_a_range()
    {
        await using var site = await Site.StartAsync();
        var server = site.Server;

        using (var response = await SendAsync(server, "/download"))
        {
            Assert.That(response.Content.Headers.ContentType!.MediaType, Is.EqualTo("application/pdf"));
            Assert.That(response.Content.Headers.ContentDisposition!.DispositionType, Is.EqualTo("attachment"));
        }
        using (var response = await SendAsync(server, "/download", h => h.Range = new RangeHeaderValue(20, null)))
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.PartialContent));
            Assert.That(await response.Content.ReadAsStringAsync(), Is.EqualTo("uvwxyz"));
            Assert.That(response.Content.Headers.ContentDisposition!.FileName, Is.EqualTo("report.pdf"));
        }
    }
}
