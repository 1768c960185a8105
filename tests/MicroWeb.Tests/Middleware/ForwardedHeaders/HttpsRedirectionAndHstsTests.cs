using System.Net;
using MicroWeb.Tests.Support;

namespace MicroWeb.Tests.Middleware.ForwardedHeaders;

/// <summary>UseHttpsRedirection and UseHsts behind a TLS-terminating proxy (played by the loopback client) on the real server.</summary>
public class HttpsRedirectionAndHstsTests
{
    private static Task<TestServer> StartAsync(Action<MicroWebApp> https, params string[] args) =>
        TestServer.StartAsync(context => context.Response.WriteAsync("page").AsTask(), configurePipeline: app =>
        {
            app.UseForwardedHeaders();
            https(app);
        }, args: args);

    private static async Task<HttpResponseMessage> SendAsync(TestServer server, HttpMethod method, string path, params (string Name, string Value)[] headers)
    {
        using var client = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = server.BaseAddress };
        using var message = new HttpRequestMessage(method, path);
        foreach (var (name, value) in headers) message.Headers.TryAddWithoutValidation(name, value);
        return await client.SendAsync(message);
    }

    [Test]
    public async Task Http_requests_are_redirected_to_the_same_url_over_https_with_307()
    {
        await using var server = await StartAsync(app => app.UseHttpsRedirection());

        using var response = await SendAsync(server, HttpMethod.Post, "/a%20b/%C3%A9%2Fc?q=1&r=%20",
            ("X-Forwarded-Host", "board.example:8080"), ("X-Forwarded-Prefix", "/board"));

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.TemporaryRedirect));
        Assert.That(response.Headers.Location?.OriginalString, Is.EqualTo("https://board.example/board/a%20b/%C3%A9%2Fc?q=1&r=%20"));
    }

    [Test]
    public async Task A_request_the_proxy_received_over_https_is_not_redirected_again()
    {
        await using var server = await StartAsync(app => app.UseHttpsRedirection());

        using var response = await SendAsync(server, HttpMethod.Get, "/", ("X-Forwarded-Proto", "https"));

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(await response.Content.ReadAsStringAsync(), Is.EqualTo("page"));
    }

    [Test]
    public async Task The_port_and_status_come_from_configuration()
    {
        await using var server = await StartAsync(app => app.UseHttpsRedirection(), "--HttpsRedirection:HttpsPort=8443", "--HttpsRedirection:RedirectStatusCode=308");

        using var response = await SendAsync(server, HttpMethod.Get, "/x", ("X-Forwarded-Host", "[2001:db8::1]:80"));

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.PermanentRedirect));
        Assert.That(response.Headers.Location?.OriginalString, Is.EqualTo("https://[2001:db8::1]:8443/x"));
    }

    [TestCase("--HttpsRedirection:HttpsPort=70000", "'HttpsRedirection:HttpsPort'")]
    [TestCase("--HttpsRedirection:RedirectStatusCode=302", "'HttpsRedirection:RedirectStatusCode'")]
    [TestCase("--HttpsRedirection:Port=443", "Unknown configuration key 'HttpsRedirection:Port'")]
    public async Task Bad_redirection_settings_fail_at_startup_naming_the_key(string setting, string expected)
    {
        var error = await Assert.ThrowsAsync<InvalidOperationException>(async () => await StartAsync(app => app.UseHttpsRedirection(), setting));

        Assert.That(error!.Message, Does.Contain(expected));
    }

    [Test]
    public async Task Hsts_is_sent_on_https_responses_only()
    {
        await using var server = await StartAsync(app => app.UseHsts());

        using var https = await SendAsync(server, HttpMethod.Get, "/", ("X-Forwarded-Proto", "https"), ("X-Forwarded-Host", "board.example"));
        using var http = await SendAsync(server, HttpMethod.Get, "/", ("X-Forwarded-Host", "board.example"));

        Assert.That(https.Headers.GetValues("Strict-Transport-Security"), Is.EqualTo(new[] { "max-age=2592000" }));
        Assert.That(http.Headers.Contains("Strict-Transport-Security"), Is.False);
    }

    [TestCase("localhost:8080")]
    [TestCase("LOCALHOST")]
    [TestCase("127.0.0.1")]
    [TestCase("[::1]:443")]
    public async Task Hsts_is_never_sent_to_local_hosts(string host)
    {
        await using var server = await StartAsync(app => app.UseHsts());

        using var response = await SendAsync(server, HttpMethod.Get, "/", ("X-Forwarded-Proto", "https"), ("X-Forwarded-Host", host));

        Assert.That(response.Headers.Contains("Strict-Transport-Security"), Is.False);
    }

    [Test]
    public async Task Hsts_directives_come_from_configuration()
    {
        await using var server = await StartAsync(app => app.UseHsts(), "--Hsts:MaxAge=365.00:00:00", "--Hsts:IncludeSubDomains=true", "--Hsts:Preload=true");

        using var response = await SendAsync(server, HttpMethod.Get, "/", ("X-Forwarded-Proto", "https"), ("X-Forwarded-Host", "board.example"));

        Assert.That(response.Headers.GetValues("Strict-Transport-Security"), Is.EqualTo(new[] { "max-age=31536000; includeSubDomains; preload" }));
    }

    [Test]
    public async Task A_bad_hsts_setting_fails_at_startup_naming_the_key()
    {
        var error = await Assert.ThrowsAsync<InvalidOperationException>(async () => await StartAsync(app => app.UseHsts(), "--Hsts:IncludeSubDomains=maybe"));

        Assert.That(error!.Message, Does.Contain("'Hsts:IncludeSubDomains'"));
    }

    [Test]
    public async Task Redirection_and_hsts_together_answer_http_with_a_redirect_and_https_with_the_header()
    {
        await using var server = await StartAsync(app =>
        {
            app.UseHttpsRedirection();
            app.UseHsts();
        });

        using var http = await SendAsync(server, HttpMethod.Get, "/", ("X-Forwarded-Host", "board.example"));
        using var https = await SendAsync(server, HttpMethod.Get, "/", ("X-Forwarded-Proto", "https"), ("X-Forwarded-Host", "board.example"));

        Assert.That(http.StatusCode, Is.EqualTo(HttpStatusCode.TemporaryRedirect));
        Assert.That(http.Headers.Contains("Strict-Transport-Security"), Is.False);
        Assert.That(https.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(https.Headers.Contains("Strict-Transport-Security"), Is.True);
    }
}
