using System.Net;
using System.Security.Cryptography;
using MicroWeb.Tests.Support;

namespace MicroWeb.Tests.Middleware.ForwardedHeaders;

/// <summary>
/// Forwarded headers, the path base, secure cookies and request logging on the real server (127.0.0.1, port 0): the
/// loopback client stands in for a proxy on the same machine, which the defaults trust.
/// </summary>
public class ReverseProxyIntegrationTests
{
    private static readonly string[] s_keyArgs = ["--Security:Key", Convert.ToBase64String(RandomNumberGenerator.GetBytes(32))];

    private static Task Echo(HttpContext context)
    {
        var request = context.Request;
        return context.Response.WriteAsync($"{request.Scheme}|{request.IsHttps}|{request.Host}|{request.PathBase}|{request.Path}|{request.RemoteEndPoint}").AsTask();
    }

    private static HttpRequestMessage Get(string path, params (string Name, string Value)[] headers)
    {
        var message = new HttpRequestMessage(HttpMethod.Get, path);
        foreach (var (name, value) in headers) message.Headers.TryAddWithoutValidation(name, value);
        return message;
    }

    [Test]
    public async Task A_loopback_proxys_headers_reach_the_handler()
    {
        await using var server = await TestServer.StartAsync(Echo, configurePipeline: app => app.UseForwardedHeaders());
        using var client = server.CreateClient();

        using var response = await client.SendAsync(Get("/page",
            ("X-Forwarded-For", "203.0.113.7:5151"), ("X-Forwarded-Proto", "https"), ("X-Forwarded-Host", "board.example"), ("X-Forwarded-Prefix", "/board")));

        Assert.That(await response.Content.ReadAsStringAsync(), Is.EqualTo("https|True|board.example|/board|/page|203.0.113.7:5151"));
    }

    [Test]
    public async Task Without_the_middleware_the_headers_change_nothing()
    {
        await using var server = await TestServer.StartAsync(Echo);
        using var client = server.CreateClient();

        using var response = await client.SendAsync(Get("/page", ("X-Forwarded-For", "203.0.113.7"), ("X-Forwarded-Proto", "https")));

        Assert.That(await response.Content.ReadAsStringAsync(), Does.Match(@"^http\|False\|127\.0\.0\.1:\d+\|\|/page\|127\.0\.0\.1:\d+$"));
    }

    [Test]
    public async Task The_next_request_on_the_connection_gets_the_peer_and_scheme_back()
    {
        await using var server = await TestServer.StartAsync(Echo, configurePipeline: app => app.UseForwardedHeaders());
        using var connection = await server.ConnectAsync();

        await connection.SendAsync("GET /a HTTP/1.1\r\nHost: x\r\nX-Forwarded-For: 203.0.113.7\r\nX-Forwarded-Proto: https\r\nX-Forwarded-Prefix: /p\r\n\r\n");
        var first = await connection.ReadResponseAsync();
        await connection.SendAsync("GET /b HTTP/1.1\r\nHost: x\r\n\r\n");
        var second = await connection.ReadResponseAsync();

        Assert.That(first.BodyText, Is.EqualTo("https|True|x|/p|/a|203.0.113.7:0"));
        Assert.That(second.BodyText, Does.Match(@"^http\|False\|x\|\|/b\|127\.0\.0\.1:\d+$"));
    }

    [Test]
    public async Task Headers_from_a_peer_that_is_not_a_known_proxy_are_ignored()
    {
        await using var server = await TestServer.StartAsync(Echo, configurePipeline: app => app.UseForwardedHeaders(),
            args: ["--ForwardedHeaders:KnownProxies=10.0.0.1", "--ForwardedHeaders:KnownNetworks="]);
        using var client = server.CreateClient();

        using var response = await client.SendAsync(Get("/page", ("X-Forwarded-For", "203.0.113.7"), ("X-Forwarded-Proto", "https")));

        Assert.That(await response.Content.ReadAsStringAsync(), Does.Match(@"^http\|False\|127\.0\.0\.1:\d+\|\|/page\|127\.0\.0\.1:\d+$"));
    }

    [Test]
    public async Task A_bad_setting_fails_at_startup_naming_the_key()
    {
        var error = await Assert.ThrowsAsync<InvalidOperationException>(async () =>
            await TestServer.StartAsync(Echo, configurePipeline: app => app.UseForwardedHeaders(), args: ["--ForwardedHeaders:KnownNetworks=10.0.0.0/40"]));

        Assert.That(error!.Message, Does.Contain("'ForwardedHeaders:KnownNetworks'"));
    }

    private static async Task<string?> SignInCookieAsync(TestServer server, params (string Name, string Value)[] headers)
    {
        using var client = server.CreateClient();
        using var response = await client.SendAsync(Get("/signin", headers));
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        return response.Headers.GetValues("Set-Cookie").Single();
    }

    private static Task<TestServer> StartSignInAsync(params string[] args) =>
        TestServer.StartAsync(null, configurePipeline: app =>
        {
            app.UseForwardedHeaders();
            app.UseAuthentication();
            app.MapGet("/signin", async (HttpContext context) =>
            {
                await context.SignInAsync("42");
                return "in";
            });
        }, args: [.. s_keyArgs, .. args]);

    [Test]
    public async Task The_login_cookie_is_secure_when_the_proxy_says_https_and_only_then()
    {
        await using var server = await StartSignInAsync();

        var overHttps = await SignInCookieAsync(server, ("X-Forwarded-Proto", "https"));
        var overHttp = await SignInCookieAsync(server);

        Assert.That(overHttps, Does.Contain("; secure").IgnoreCase);
        Assert.That(overHttp, Does.Not.Contain("secure").IgnoreCase);
    }

    [Test]
    public async Task Cookie_secure_policy_always_marks_cookies_secure_over_http()
    {
        await using var server = await StartSignInAsync("--Security:CookieSecurePolicy=Always");

        Assert.That(await SignInCookieAsync(server), Does.Contain("; secure").IgnoreCase);
    }

    [Test]
    public async Task A_bad_cookie_secure_policy_fails_at_startup_naming_the_key()
    {
        var error = await Assert.ThrowsAsync<InvalidOperationException>(async () => await StartSignInAsync("--Security:CookieSecurePolicy=Sometimes"));

        Assert.That(error!.Message, Does.Contain("'Security:CookieSecurePolicy'"));
    }

    [Test]
    public async Task Request_logging_names_the_forwarded_client_and_the_full_path()
    {
        await using var server = await TestServer.StartAsync(Echo, configurePipeline: app =>
        {
            app.UseForwardedHeaders();
            app.UseRequestLogging();
        });
        using var client = server.CreateClient();

        using var response = await client.SendAsync(Get("/page", ("X-Forwarded-For", "203.0.113.7"), ("X-Forwarded-Prefix", "/board")));

        var line = server.Logs.Entries.Single(e => e.Category == "MicroWeb.RequestLogging").Message;
        Assert.That(line, Does.StartWith("GET /board/page responded 200").And.EndWith(", client 203.0.113.7)"));
    }

    private static Task<TestServer> StartRedirectingAsync(TempDirectory? files = null, params string[] args) =>
        TestServer.StartAsync(null, configurePipeline: app =>
        {
            app.UseForwardedHeaders();
            if (files is not null) app.UseStaticFiles(new StaticFileOptions { RootPath = files.Path, DefaultDocument = "index.html" });
            app.MapGet("/", () => "home");
            app.MapGet("/items", (HttpContext context) => context.Request.PathBase + "|" + context.Request.Path);
            app.MapGet("/go", () => Results.Redirect("/items?x=1"));
            app.MapGet("/away", (HttpContext context) => context.Response.Redirect("//elsewhere.example/x"));
        }, args: args);

    [Test]
    public async Task Local_redirects_and_static_folder_redirects_include_the_forwarded_prefix()
    {
        using var files = new TempDirectory();
        files.Write("docs/index.html", "<p>docs</p>");
        await using var server = await StartRedirectingAsync(files);
        using var client = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = server.BaseAddress };

        using var local = await client.SendAsync(Get("/go", ("X-Forwarded-Prefix", "/board")));
        using var other = await client.SendAsync(Get("/away", ("X-Forwarded-Prefix", "/board")));
        using var folder = await client.SendAsync(Get("/static/docs", ("X-Forwarded-Prefix", "/board")));

        Assert.That(local.Headers.Location?.OriginalString, Is.EqualTo("/board/items?x=1"));
        Assert.That(other.Headers.Location?.OriginalString, Is.EqualTo("//elsewhere.example/x"));
        Assert.That(folder.StatusCode, Is.EqualTo(HttpStatusCode.MovedPermanently));
        Assert.That(folder.Headers.Location?.OriginalString, Is.EqualTo("/board/static/docs/"));
    }

    [Test]
    public async Task Server_path_base_routes_below_the_mount_and_answers_404_outside_it()
    {
        using var files = new TempDirectory();
        files.Write("site.css", "body{}");
        await using var server = await StartRedirectingAsync(files, "--Server:PathBase=/board/");
        using var client = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = server.BaseAddress };

        Assert.That(await client.GetStringAsync("/board/items"), Is.EqualTo("/board|/items"));
        Assert.That(await client.GetStringAsync("/BOARD"), Is.EqualTo("home"));
        Assert.That(await client.GetStringAsync("/board/static/site.css"), Is.EqualTo("body{}"));
        using var redirect = await client.GetAsync("/board/go");
        Assert.That(redirect.Headers.Location?.OriginalString, Is.EqualTo("/board/items?x=1"));
        using var outside = await client.GetAsync("/items");
        Assert.That(outside.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
        using var sibling = await client.GetAsync("/boardroom/items");
        Assert.That(sibling.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
        using var nested = await client.SendAsync(Get("/board/items", ("X-Forwarded-Prefix", "/outer")));
        Assert.That(await nested.Content.ReadAsStringAsync(), Is.EqualTo("/outer/board|/items"));
    }

    [TestCase("board")]
    [TestCase("/board?x")]
    [TestCase("/a/../b")]
    public async Task A_bad_server_path_base_fails_at_startup_naming_the_key(string pathBase)
    {
        var error = await Assert.ThrowsAsync<InvalidOperationException>(async () => await StartRedirectingAsync(null, "--Server:PathBase=" + pathBase));

        Assert.That(error!.Message, Does.Contain("'Server:PathBase'"));
    }
}
