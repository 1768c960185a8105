using System.Net;
using Microsoft.Extensions.DependencyInjection;
using MicroWeb.Middleware.SecurityHeaders;
using MicroWeb.Tests.Support;

namespace MicroWeb.Tests.Middleware;

/// <summary>UseSecurityHeaders on the real server: the defaults, error responses, streamed responses, options and HSTS.</summary>
public sealed class SecurityHeadersTests
{
    private static readonly (string Name, string Value)[] s_defaults =
    [
        ("X-Content-Type-Options", "nosniff"),
        ("X-Frame-Options", "DENY"),
        ("Content-Security-Policy", "frame-ancestors 'none'"),
        ("Referrer-Policy", "strict-origin-when-cross-origin"),
    ];

    private static Task<TestServer> StartAsync(Action<MicroWebApp> routes, SecurityHeadersOptions? options = null) =>
        TestServer.StartAsync(null, configurePipeline: app =>
        {
            app.UseForwardedHeaders();
            app.UseSecurityHeaders(options);
            app.UseExceptionHandler();
            routes(app);
        });

    private static async Task<HttpResponseMessage> GetAsync(TestServer server, string path, params (string Name, string Value)[] headers)
    {
        using var client = server.CreateClient();
        using var message = new HttpRequestMessage(HttpMethod.Get, path);
        foreach (var (name, value) in headers) message.Headers.TryAddWithoutValidation(name, value);
        return await client.SendAsync(message);
    }

    private static string? Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) ? string.Join(", ", values) : null;

    private static void AssertDefaults(HttpResponseMessage response)
    {
        foreach (var (name, value) in s_defaults) Assert.That(Header(response, name), Is.EqualTo(value), name);
    }

    [Test]
    public async Task SecurityHeaders_defaults_are_on_a_page_and_hsts_is_not_on_plain_http()
    {
        await using var server = await StartAsync(app => app.MapGet("/", () => "page"));

        using var response = await GetAsync(server, "/");

        Assert.That(await response.Content.ReadAsStringAsync(), Is.EqualTo("page"));
        AssertDefaults(response);
        Assert.That(Header(response, "Strict-Transport-Security"), Is.Null);
    }

    [TestCase("/missing", HttpStatusCode.NotFound)]
    [TestCase("/throws", HttpStatusCode.InternalServerError)]
    [TestCase("/throws-later", HttpStatusCode.InternalServerError)]
    [TestCase("/bad", HttpStatusCode.BadRequest)]
    public async Task SecurityHeaders_are_on_error_responses_that_replaced_the_headers(string path, HttpStatusCode status)
    {
        await using var server = await StartAsync(app =>
        {
            app.MapGet("/throws", (Func<string>)(() => throw new InvalidOperationException("boom")));
            app.MapGet("/throws-later", async () =>
            {
                await Task.Yield();
                throw new InvalidOperationException("boom");
            });
            app.MapGet("/bad", (Func<string>)(() => throw new BadHttpRequestException("no")));
        });

        using var response = await GetAsync(server, path);

        Assert.That(response.StatusCode, Is.EqualTo(status));
        AssertDefaults(response);
    }

    [Test]
    public async Task SecurityHeaders_are_on_a_response_that_streamed_before_the_handler_returned()
    {
        await using var server = await StartAsync(app => app.MapGet("/stream", async (HttpContext context) =>
        {
            await context.Response.StartAsync();
            await context.Response.WriteAsync("streamed");
        }));

        using var response = await GetAsync(server, "/stream");

        Assert.That(response.Headers.TransferEncodingChunked, Is.True, "the head left before the handler finished");
        AssertDefaults(response);
    }

    [Test]
    public async Task SecurityHeaders_a_value_the_handler_sets_wins()
    {
        await using var server = await StartAsync(app => app.MapGet("/embed", (HttpContext context) =>
        {
            context.Response.Headers["Content-Security-Policy"] = "frame-ancestors https://partner.example";
            context.Response.Headers.Remove("X-Frame-Options");
            return "embeddable";
        }));

        using var response = await GetAsync(server, "/embed");

        Assert.That(Header(response, "Content-Security-Policy"), Is.EqualTo("frame-ancestors https://partner.example"));
        Assert.That(Header(response, "X-Frame-Options"), Is.EqualTo("DENY"), "a removed header is put back: turn it off in the options instead");
    }

    [Test]
    public async Task SecurityHeaders_options_set_a_full_policy_report_only_and_turn_headers_off()
    {
        var options = new SecurityHeadersOptions
        {
            ContentSecurityPolicy = "default-src 'self'; frame-ancestors 'none'",
            ContentSecurityPolicyReportOnly = true,
            FrameOptions = null,
            ReferrerPolicy = "no-referrer",
            ContentTypeOptions = false,
        };
        await using var server = await StartAsync(app => app.MapGet("/", () => "page"), options);

        using var response = await GetAsync(server, "/");

        Assert.That(Header(response, "Content-Security-Policy-Report-Only"), Is.EqualTo("default-src 'self'; frame-ancestors 'none'"));
        Assert.That(Header(response, "Content-Security-Policy"), Is.Null);
        Assert.That(Header(response, "X-Frame-Options"), Is.Null);
        Assert.That(Header(response, "X-Content-Type-Options"), Is.Null);
        Assert.That(Header(response, "Referrer-Policy"), Is.EqualTo("no-referrer"));
    }

    [Test]
    public async Task SecurityHeaders_send_hsts_on_https_with_its_options_also_on_errors()
    {
        var options = new SecurityHeadersOptions { Hsts = new HstsOptions { MaxAge = TimeSpan.FromDays(365), IncludeSubDomains = true } };
        await using var server = await StartAsync(app => app.MapGet("/throws", (Func<string>)(() => throw new InvalidOperationException("boom"))), options);

        using var https = await GetAsync(server, "/throws", ("X-Forwarded-Proto", "https"), ("X-Forwarded-Host", "board.example"));
        using var local = await GetAsync(server, "/throws", ("X-Forwarded-Proto", "https"), ("X-Forwarded-Host", "localhost"));

        Assert.That(https.StatusCode, Is.EqualTo(HttpStatusCode.InternalServerError));
        Assert.That(Header(https, "Strict-Transport-Security"), Is.EqualTo("max-age=31536000; includeSubDomains"));
        Assert.That(Header(local, "Strict-Transport-Security"), Is.Null, "the excluded local hosts, as UseHsts");
    }

    [Test]
    public async Task SecurityHeaders_hsts_can_be_turned_off()
    {
        await using var server = await StartAsync(app => app.MapGet("/", () => "page"), new SecurityHeadersOptions { Hsts = null });

        using var https = await GetAsync(server, "/", ("X-Forwarded-Proto", "https"), ("X-Forwarded-Host", "board.example"));

        Assert.That(Header(https, "Strict-Transport-Security"), Is.Null);
        AssertDefaults(https);
    }

    [TestCase("")]
    [TestCase("default-src 'self'\r\nSet-Cookie: a=b")]
    public async Task SecurityHeaders_a_value_that_cannot_be_sent_fails_at_startup_naming_the_option(string csp)
    {
        var error = await Assert.ThrowsAsync<InvalidOperationException>(async () =>
            await StartAsync(app => { }, new SecurityHeadersOptions { ContentSecurityPolicy = csp }));

        Assert.That(error!.Message, Does.Contain("SecurityHeadersOptions.ContentSecurityPolicy"));
    }

    [Test]
    public void SecurityHeaders_a_request_allocates_nothing()
    {
        using var services = new ServiceCollection().BuildServiceProvider();
        var context = InMemoryContext.Create(services, "GET", "/page", null, null, out _, ("Accept", "*/*"));
        var middleware = new SecurityHeadersMiddleware(_ => Task.CompletedTask, SecurityHeaderSet.Create(new SecurityHeadersOptions()));
        middleware.InvokeAsync(context).GetAwaiter().GetResult();

        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 100; i++)
        {
            context.Response.Headers.Clear();
            middleware.InvokeAsync(context).GetAwaiter().GetResult();
        }
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.That(allocated, Is.Zero);
        Assert.That(context.Response.Headers.Count, Is.EqualTo(4), "the headers were set");
    }
}
