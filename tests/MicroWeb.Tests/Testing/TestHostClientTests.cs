using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using MicroWeb.Testing;
using Microsoft.Extensions.Logging;

namespace MicroWeb.Tests.Testing;

/// <summary>MicroWebTestHost.CreateClient: an HttpClient served through the real parser and pipeline in memory.</summary>
public class TestHostClientTests
{
    private static MicroWebTestHost Notes() => MicroWebTestHost.Create(args => NotesApp.Build(args));

    private static MicroWebTestHost Inline(Action<MicroWebApp> configure) =>
        MicroWebTestHost.Create(builder => builder.Logging.ClearProviders(), configure);

    [Test]
    public async Task Get_goes_through_routing_to_a_controller()
    {
        await using var host = Notes();
        using var client = host.CreateClient();
        using var response = await client.GetAsync("/notes/greet/ada");
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(response.Content.Headers.ContentType!.ToString(), Is.EqualTo("text/plain; charset=utf-8"));
        Assert.That(response.Content.Headers.ContentLength, Is.EqualTo("hello, ada".Length));
        Assert.That(await response.Content.ReadAsStringAsync(), Is.EqualTo("hello, ada"));
        Assert.That(response.Headers.Date, Is.Not.Null, "the server's own Date header");
    }

    [Test]
    public async Task Form_post_binds_in_a_controller()
    {
        await using var host = Notes();
        using var client = host.CreateClient();
        using var response = await client.PostAsync("/notes/form", new FormUrlEncodedContent([new("text", "déjà vu"), new("priority", "2")]));
        Assert.That(await response.Content.ReadAsStringAsync(), Is.EqualTo("form: déjà vu (2)"));
    }

    [Test]
    public async Task Json_in_and_out_of_a_controller()
    {
        await using var host = Notes();
        using var client = host.CreateClient();
        using var response = await client.PostAsJsonAsync("/notes/json", new { author = "Grace", text = "hello" });
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Created));
        Assert.That(response.Content.Headers.ContentType!.MediaType, Is.EqualTo("application/json"));
        Assert.That(await response.Content.ReadAsStringAsync(), Is.EqualTo("""{"author":"Grace","length":5}"""));
    }

    [Test]
    public async Task Request_headers_reach_the_app_with_the_right_separators()
    {
        await using var host = Inline(app => app.Run(context => context.Response.WriteAsync(
            $"{context.Request.Host}|{context.Request.Headers["User-Agent"]}|{context.Request.Headers["Accept"]}|{context.Request.Headers["X-Many"]}").AsTask()));
        using var client = host.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/");
        request.Headers.UserAgent.ParseAdd("tests/1.0 (in-memory)");
        request.Headers.Accept.ParseAdd("text/html");
        request.Headers.Accept.ParseAdd("application/json");
        request.Headers.Add("X-Many", ["a", "b"]);
        using var response = await client.SendAsync(request);
        Assert.That(await response.Content.ReadAsStringAsync(), Is.EqualTo("localhost|tests/1.0 (in-memory)|text/html, application/json|a, b"));
    }

    [Test]
    public async Task Cookies_are_kept_across_requests_and_redirects_followed()
    {
        await using var host = Notes();
        using var client = host.CreateClient();
        Assert.That(await client.GetStringAsync("/notes/whoami"), Is.EqualTo("anonymous"));

        // POST → 302 with Set-Cookie → GET /notes/whoami, which already sends the cookie.
        using var login = await client.PostAsync("/notes/login", new FormUrlEncodedContent([new("user", "ada")]));
        Assert.That(login.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(login.RequestMessage!.RequestUri!.AbsolutePath, Is.EqualTo("/notes/whoami"));
        Assert.That(login.RequestMessage.Method, Is.EqualTo(HttpMethod.Get), "302 after POST is followed with GET");
        Assert.That(await login.Content.ReadAsStringAsync(), Is.EqualTo("ada"));
        Assert.That(await client.GetStringAsync("/notes/whoami"), Is.EqualTo("ada"));

        using var other = host.CreateClient();
        Assert.That(await other.GetStringAsync("/notes/whoami"), Is.EqualTo("anonymous"), "each client has its own cookie jar");
    }

    [Test]
    public async Task Redirects_are_not_followed_and_cookies_not_kept_when_turned_off()
    {
        await using var host = Notes();
        using var client = host.CreateClient(new MicroWebTestClientOptions { AllowAutoRedirect = false, HandleCookies = false });
        using var login = await client.PostAsync("/notes/login", new FormUrlEncodedContent([new("user", "ada")]));
        Assert.That(login.StatusCode, Is.EqualTo(HttpStatusCode.Found));
        Assert.That(login.Headers.Location!.OriginalString, Is.EqualTo("/notes/whoami"));
        Assert.That(login.Headers.GetValues("Set-Cookie").Single(), Does.StartWith("user=ada"));
        Assert.That(await client.GetStringAsync("/notes/whoami"), Is.EqualTo("anonymous"));
    }

    [Test]
    public async Task A_cookie_container_can_be_shared_and_inspected()
    {
        await using var host = Notes();
        var cookies = new CookieContainer();
        using var client = host.CreateClient(new MicroWebTestClientOptions { CookieContainer = cookies });
        (await client.PostAsync("/notes/login", new FormUrlEncodedContent([new("user", "grace")]))).Dispose();
        Assert.That(cookies.GetCookies(new Uri("http://localhost/"))["user"]?.Value, Is.EqualTo("grace"));

        cookies.Add(new Uri("http://localhost/"), new Cookie("user", "planted"));
        Assert.That(await client.GetStringAsync("/notes/whoami"), Is.EqualTo("planted"));
    }

    [TestCase(301, "GET")]
    [TestCase(302, "GET")]
    [TestCase(303, "GET")]
    [TestCase(307, "POST")]
    [TestCase(308, "POST")]
    public async Task Redirect_status_decides_the_method_and_body_of_the_next_request(int status, string expectedMethod)
    {
        await using var host = Inline(app =>
        {
            app.MapPost("/from", () => new StatusResult(status, "to"));
            app.Map(["GET", "POST"], "/to", async (HttpRequest request) => $"{request.Method} {await new StreamReader(request.Body).ReadToEndAsync()}");
        });
        using var client = host.CreateClient();
        using var response = await client.PostAsync("/from", new StringContent("payload"));
        var expectedBody = expectedMethod == "POST" ? "POST payload" : "GET ";
        Assert.That(await response.Content.ReadAsStringAsync(), Is.EqualTo(expectedBody));
    }

    [Test]
    public async Task Redirect_loops_stop_at_the_limit_and_other_origins_are_not_followed()
    {
        var hits = 0;
        await using var host = Inline(app =>
        {
            app.MapGet("/loop", () =>
            {
                Interlocked.Increment(ref hits);
                return Results.Redirect("/loop");
            });
            app.MapGet("/away", () => Results.RedirectExternal("http://example.com/"));
        });
        using var client = host.CreateClient(new MicroWebTestClientOptions { MaxAutomaticRedirections = 3 });
        using var loop = await client.GetAsync("/loop");
        Assert.That(loop.StatusCode, Is.EqualTo(HttpStatusCode.Found));
        Assert.That(hits, Is.EqualTo(4), "the first request and three redirects");

        using var away = await client.GetAsync("/away");
        Assert.That(away.Headers.Location, Is.EqualTo(new Uri("http://example.com/")));
    }

    [Test]
    public async Task Streamed_response_is_chunked_and_read_whole()
    {
        await using var host = Inline(app => app.Run(async context =>
        {
            await context.Response.StartAsync();
            for (var i = 0; i < 5; i++) await context.Response.WriteAsync($"part {i};");
        }));
        using var client = host.CreateClient();
        using var response = await client.GetAsync("/");
        Assert.That(response.Headers.TransferEncodingChunked, Is.True);
        Assert.That(await response.Content.ReadAsStringAsync(), Is.EqualTo("part 0;part 1;part 2;part 3;part 4;"));
    }

    [Test]
    public async Task Response_can_be_read_as_it_streams()
    {
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var host = Inline(app => app.Run(async context =>
        {
            await context.Response.WriteAsync("first;");
            await context.Response.Body.FlushAsync();
            await release.Task;
            await context.Response.WriteAsync("second");
        }));
        using var client = host.CreateClient();
        using var response = await client.GetAsync("/", HttpCompletionOption.ResponseHeadersRead);
        await using var body = await response.Content.ReadAsStreamAsync();
        var buffer = new byte[64];
        var read = await body.ReadAsync(buffer);
        Assert.That(Encoding.UTF8.GetString(buffer, 0, read), Is.EqualTo("first;"));
        release.SetResult();
        Assert.That(await new StreamReader(body).ReadToEndAsync(), Is.EqualTo("second"));
    }

    [Test]
    public async Task Bodies_larger_than_64_KiB_go_both_ways()
    {
        var payload = new byte[300_000];
        new Random(7).NextBytes(payload);
        await using var host = Inline(app => app.Run(async context =>
        {
            var copy = new MemoryStream();
            await context.Request.Body.CopyToAsync(copy);
            context.Response.ContentType = "application/octet-stream";
            context.Response.Headers["X-Request-Transfer-Encoding"] = (string?)context.Request.Headers["Transfer-Encoding"] ?? "none";
            await context.Response.WriteAsync(copy.ToArray());
        }));
        using var client = host.CreateClient();

        using var response = await client.PostAsync("/echo", new ByteArrayContent(payload));
        Assert.That(response.Headers.TransferEncodingChunked, Is.True, "more than the response buffer streams");
        Assert.That(response.Headers.GetValues("X-Request-Transfer-Encoding").Single(), Is.EqualTo("none"));
        // SequenceEqual: NUnit's element-by-element array comparison takes seconds at this size.
        Assert.That((await response.Content.ReadAsByteArrayAsync()).AsSpan().SequenceEqual(payload), Is.True);

        // A body of unknown length goes out chunked.
        using var unknownLength = new StreamContent(new NonSeekableStream(payload));
        using var chunked = await client.PostAsync("/echo", unknownLength);
        Assert.That(chunked.Headers.GetValues("X-Request-Transfer-Encoding").Single(), Is.EqualTo("chunked"));
        Assert.That((await chunked.Content.ReadAsByteArrayAsync()).AsSpan().SequenceEqual(payload), Is.True);
    }

    [Test]
    public async Task Concurrent_requests_from_one_client_each_get_their_answer()
    {
        await using var host = Inline(app => app.MapGet("/slow/{n:int}", async (int n) =>
        {
            await Task.Delay(Random.Shared.Next(1, 20));
            return $"n={n}";
        }));
        using var client = host.CreateClient();
        var answers = await Task.WhenAll(Enumerable.Range(0, 40).Select(n => client.GetStringAsync($"/slow/{n}")));
        Assert.That(answers, Is.EqualTo(Enumerable.Range(0, 40).Select(n => $"n={n}")));
    }

    [Test]
    public async Task Keep_alive_connections_are_reused()
    {
        await using var host = Inline(app => app.Run(context => context.Response.WriteAsync(context.TraceIdentifier.Split(':')[0]).AsTask()));
        using var client = host.CreateClient();
        var first = await client.GetStringAsync("/");
        var second = await client.GetStringAsync("/");
        Assert.That(second, Is.EqualTo(first), "the second request used the pooled connection");

        using var close = new HttpRequestMessage(HttpMethod.Get, "/");
        close.Headers.ConnectionClose = true;
        (await client.SendAsync(close)).Dispose();
        Assert.That(await client.GetStringAsync("/"), Is.Not.EqualTo(first), "a connection closed by request is not reused");
    }

    [Test]
    public async Task Head_request_has_headers_but_no_body()
    {
        await using var host = Notes();
        using var client = host.CreateClient();
        using var head = await client.SendAsync(new HttpRequestMessage(HttpMethod.Head, "/notes/greet/ada"));
        Assert.That(head.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(head.Content.Headers.ContentLength, Is.EqualTo("hello, ada".Length));
        Assert.That(await head.Content.ReadAsByteArrayAsync(), Is.Empty);
        Assert.That(await client.GetStringAsync("/notes/greet/ada"), Is.EqualTo("hello, ada"), "the connection is still in step");
    }

    [Test]
    public async Task Expect_100_continue_sends_the_body_once_the_server_asks()
    {
        await using var host = Inline(app => app.MapPost("/upload", async (HttpRequest request) => await new StreamReader(request.Body).ReadToEndAsync()));
        using var client = host.CreateClient(new MicroWebTestClientOptions { AllowAutoRedirect = false });
        using var request = new HttpRequestMessage(HttpMethod.Post, "/upload") { Content = new StringContent("the body") };
        request.Headers.ExpectContinue = true;
        using var response = await client.SendAsync(request);
        Assert.That(await response.Content.ReadAsStringAsync(), Is.EqualTo("the body"));
    }

    [Test]
    public async Task Server_errors_are_responses_not_exceptions()
    {
        await using var host = Inline(app => app.MapGet("/boom", string () => throw new InvalidOperationException("boom")));
        using var client = host.CreateClient();
        using var response = await client.GetAsync("/boom");
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.InternalServerError));
        var missing = await Assert.ThrowsAsync<HttpRequestException>(() => client.GetStringAsync("/missing"));
        Assert.That(missing!.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
    }

    /// <summary>A status code with a Location, for the redirect codes Results has no helper for.</summary>
    private sealed class StatusResult(int status, string location) : IResult
    {
        public Task ExecuteAsync(HttpContext context)
        {
            context.Response.StatusCode = status;
            context.Response.Headers["Location"] = location;
            return Task.CompletedTask;
        }
    }

    private sealed class NonSeekableStream(byte[] data) : Stream
    {
        private readonly MemoryStream _inner = new(data);

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count) => _inner.Read(buffer, offset, Math.Min(count, 10_000));

        public override void Flush() { }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
