using System.Net;
using Microsoft.Extensions.DependencyInjection;
using MicroWeb.Security.Cors;
using MicroWeb.Tests.Support;

namespace MicroWeb.Tests.Security;

/// <summary>The CORS protocol (Fetch standard §3.2) on the real server: UseCors, policies, preflights and endpoint attributes.</summary>
public sealed class CorsTests
{
    private const string Allowed = "http://app.example";

    private static void Policies(CorsOptions options)
    {
        options.AddPolicy("api", p => p
            .WithOrigins(Allowed, "https://Other.Example:8443")
            .WithMethods("PUT", "DELETE")
            .WithHeaders("X-Custom")
            .WithExposedHeaders("X-Total")
            .AllowCredentials()
            .SetPreflightMaxAge(TimeSpan.FromMinutes(10)));
        options.AddPolicy("open", p => p.AllowAnyOrigin().AllowAnyMethod().AllowAnyHeader());
        options.AddPolicy("echo", p => p.WithOrigins(Allowed).AllowAnyMethod().AllowAnyHeader().AllowCredentials());
        options.AddDefaultPolicy(p => p.WithOrigins("http://default.example"));
    }

    private static Task<TestServer> StartAsync(Action<MicroWebApp> pipeline, Action<CorsOptions>? policies = null) =>
        TestServer.StartAsync(null, configurePipeline: pipeline, configureServices: services => services.AddCors(policies ?? Policies));

    private static Task<TestServer> StartWithMiddlewareAsync(string? policy, Counter counter) => StartAsync(app =>
    {
        app.UseCors(policy);
        app.Run(context =>
        {
            Interlocked.Increment(ref counter.Value);
            context.Response.Headers["X-Total"] = "3";
            return context.Response.WriteAsync("data").AsTask();
        });
    });

    private static async Task<HttpResponseMessage> SendAsync(TestServer server, HttpMethod method, string path, params (string Name, string Value)[] headers)
    {
        using var client = server.CreateClient();
        using var message = new HttpRequestMessage(method, path);
        foreach (var (name, value) in headers) message.Headers.TryAddWithoutValidation(name, value);
        return await client.SendAsync(message);
    }

    private static string? Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) ? string.Join(", ", values)
        : response.Content.Headers.TryGetValues(name, out var content) ? string.Join(", ", content) : null;

    private static Task<HttpResponseMessage> PreflightAsync(TestServer server, string path, string origin, string method, string? headers = null) =>
        headers is null
            ? SendAsync(server, HttpMethod.Options, path, ("Origin", origin), ("Access-Control-Request-Method", method))
            : SendAsync(server, HttpMethod.Options, path, ("Origin", origin), ("Access-Control-Request-Method", method), ("Access-Control-Request-Headers", headers));

    [Test]
    public async Task Cors_simple_request_from_an_allowed_origin_is_readable_with_credentials_and_exposed_headers()
    {
        var counter = new Counter();
        await using var server = await StartWithMiddlewareAsync("api", counter);

        using var response = await SendAsync(server, HttpMethod.Get, "/data", ("Origin", Allowed));

        Assert.That(await response.Content.ReadAsStringAsync(), Is.EqualTo("data"));
        Assert.That(Header(response, "Access-Control-Allow-Origin"), Is.EqualTo(Allowed), "the exact origin, never * with credentials");
        Assert.That(Header(response, "Access-Control-Allow-Credentials"), Is.EqualTo("true"));
        Assert.That(Header(response, "Access-Control-Expose-Headers"), Is.EqualTo("X-Total"));
        Assert.That(Header(response, "Vary"), Is.EqualTo("Origin"));
        Assert.That(Header(response, "Access-Control-Allow-Methods"), Is.Null, "methods are for preflights");
    }

    [TestCase("https://other.example:8443")]
    [TestCase("HTTPS://OTHER.EXAMPLE:8443")]
    [TestCase("http://app.example:80")]
    public async Task Cors_origins_compare_as_serialized_origins_and_the_sent_one_is_echoed(string origin)
    {
        await using var server = await StartWithMiddlewareAsync("api", new Counter());

        using var response = await SendAsync(server, HttpMethod.Get, "/", ("Origin", origin));

        Assert.That(Header(response, "Access-Control-Allow-Origin"), Is.EqualTo(origin));
    }

    [TestCase("http://evil.example")]
    [TestCase("https://app.example")]
    [TestCase("http://app.example:8080")]
    [TestCase("http://app.example.evil.example")]
    [TestCase("null")]
    public async Task Cors_disallowed_origin_gets_no_cors_headers_but_the_simple_request_is_still_processed(string origin)
    {
        var counter = new Counter();
        await using var server = await StartWithMiddlewareAsync("api", counter);

        using var response = await SendAsync(server, HttpMethod.Get, "/", ("Origin", origin));

        Assert.That(await response.Content.ReadAsStringAsync(), Is.EqualTo("data"), "the server does not block; the browser does");
        Assert.That(counter.Value, Is.EqualTo(1));
        Assert.That(Header(response, "Access-Control-Allow-Origin"), Is.Null);
        Assert.That(Header(response, "Access-Control-Allow-Credentials"), Is.Null);
        Assert.That(Header(response, "Access-Control-Expose-Headers"), Is.Null);
        Assert.That(Header(response, "Vary"), Is.EqualTo("Origin"), "the answer depends on Origin either way");
    }

    [Test]
    public async Task Cors_request_without_origin_gets_vary_only()
    {
        await using var server = await StartWithMiddlewareAsync("api", new Counter());

        using var response = await SendAsync(server, HttpMethod.Get, "/");

        Assert.That((Header(response, "Access-Control-Allow-Origin"), Header(response, "Vary")), Is.EqualTo(((string?)null, "Origin")));
    }

    [Test]
    public async Task Cors_preflight_allowed_lists_methods_headers_and_max_age_with_204_and_does_not_run_the_handler()
    {
        var counter = new Counter();
        await using var server = await StartAsync(app =>
        {
            app.UseCors("api");
            app.MapPut("/items/{id}", (string id) =>
            {
                Interlocked.Increment(ref counter.Value);
                return "put";
            });
        });

        using var response = await PreflightAsync(server, "/items/1", Allowed, "PUT", "x-custom");

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.NoContent));
        Assert.That(Header(response, "Access-Control-Allow-Origin"), Is.EqualTo(Allowed));
        Assert.That(Header(response, "Access-Control-Allow-Credentials"), Is.EqualTo("true"));
        Assert.That(Header(response, "Access-Control-Allow-Methods"), Is.EqualTo("PUT, DELETE"));
        Assert.That(Header(response, "Access-Control-Allow-Headers"), Is.EqualTo("X-Custom"));
        Assert.That(Header(response, "Access-Control-Max-Age"), Is.EqualTo("600"));
        Assert.That(Header(response, "Vary"), Is.EqualTo("Origin"));
        Assert.That(counter.Value, Is.Zero);
    }

    [Test]
    public async Task Cors_preflight_denied_for_an_origin_not_allowed_has_no_cors_headers()
    {
        await using var server = await StartAsync(app =>
        {
            app.UseCors("api");
            app.MapPut("/items/{id}", (string id) => "put");
        });

        using var response = await PreflightAsync(server, "/items/1", "http://evil.example", "PUT", "x-custom");

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.NoContent));
        Assert.That(Header(response, "Access-Control-Allow-Origin"), Is.Null);
        Assert.That(Header(response, "Access-Control-Allow-Methods"), Is.Null);
        Assert.That(Header(response, "Access-Control-Allow-Headers"), Is.Null);
        Assert.That(Header(response, "Access-Control-Max-Age"), Is.Null);
    }

    [Test]
    public async Task Cors_wildcard_policy_answers_star_without_vary_or_credentials()
    {
        await using var server = await StartAsync(app =>
        {
            app.UseCors("open");
            app.MapPut("/items/{id}", (string id) => "put");
            app.MapGet("/items/{id}", (string id) => "get");
        });

        using var simple = await SendAsync(server, HttpMethod.Get, "/items/1", ("Origin", "http://anyone.example"));
        using var preflight = await PreflightAsync(server, "/items/1", "http://anyone.example", "PUT", "x-anything");

        Assert.That((Header(simple, "Access-Control-Allow-Origin"), Header(simple, "Vary"), Header(simple, "Access-Control-Allow-Credentials")),
            Is.EqualTo(("*", (string?)null, (string?)null)));
        Assert.That((Header(preflight, "Access-Control-Allow-Origin"), Header(preflight, "Access-Control-Allow-Methods"), Header(preflight, "Access-Control-Allow-Headers")),
            Is.EqualTo(("*", "*", "*")));
    }

    [Test]
    public async Task Cors_any_method_and_header_with_credentials_echo_the_request_because_star_is_literal_there()
    {
        await using var server = await StartAsync(app =>
        {
            app.UseCors("echo");
            app.MapPatch("/items/{id}", (string id) => "patch");
        });

        using var preflight = await PreflightAsync(server, "/items/1", Allowed, "PATCH", "x-a,x-b");

        Assert.That((Header(preflight, "Access-Control-Allow-Methods"), Header(preflight, "Access-Control-Allow-Headers"), Header(preflight, "Access-Control-Allow-Credentials")),
            Is.EqualTo(("PATCH", "x-a,x-b", "true")));
    }

    [Test]
    public async Task Cors_vary_origin_joins_a_vary_the_handler_adds()
    {
        await using var server = await StartAsync(app =>
        {
            app.UseCors("api");
            app.Run(context =>
            {
                context.Response.Headers.Append("Vary", "Accept-Language");
                return Task.CompletedTask;
            });
        });

        using var response = await SendAsync(server, HttpMethod.Get, "/", ("Origin", Allowed));

        Assert.That(response.Headers.Vary, Is.EquivalentTo(new[] { "Origin", "Accept-Language" }));
    }

    [Test]
    public async Task Cors_use_cors_without_a_name_applies_the_default_policy()
    {
        await using var server = await StartWithMiddlewareAsync(null, new Counter());

        using var allowed = await SendAsync(server, HttpMethod.Get, "/", ("Origin", "http://default.example"));
        using var other = await SendAsync(server, HttpMethod.Get, "/", ("Origin", Allowed));

        Assert.That((Header(allowed, "Access-Control-Allow-Origin"), Header(other, "Access-Control-Allow-Origin")), Is.EqualTo(("http://default.example", (string?)null)));
    }

    [Test]
    public async Task Cors_endpoint_attributes_answer_the_preflight_for_the_method_it_asks_about_before_routing_answers_options()
    {
        await using var server = await StartAsync(app => app.MapControllers(typeof(CorsItemsController)));

        // No UseCors: the controller's [EnableCors("api")] alone makes the PUT readable cross-origin.
        using var preflight = await PreflightAsync(server, "/cors/items/7", Allowed, "PUT", "X-Custom");
        using var put = await SendAsync(server, HttpMethod.Put, "/cors/items/7", ("Origin", Allowed));
        using var getPreflight = await PreflightAsync(server, "/cors/items/7", Allowed, "GET");
        using var wrongMethod = await SendAsync(server, HttpMethod.Post, "/cors/items/7", ("Origin", Allowed));

        Assert.That((preflight.StatusCode, Header(preflight, "Access-Control-Allow-Origin"), Header(preflight, "Access-Control-Allow-Methods")),
            Is.EqualTo((HttpStatusCode.NoContent, Allowed, "PUT, DELETE")));
        Assert.That(Header(preflight, "Allow"), Is.Null, "the endpoint answered, not the automatic OPTIONS");
        Assert.That((await put.Content.ReadAsStringAsync(), Header(put, "Access-Control-Allow-Origin"), Header(put, "Access-Control-Expose-Headers")),
            Is.EqualTo(("put 7", Allowed, "X-Total")));
        Assert.That((getPreflight.StatusCode, Header(getPreflight, "Access-Control-Allow-Origin")), Is.EqualTo((HttpStatusCode.NoContent, (string?)null)),
            "the GET action's [DisableCors] wins over its controller's policy");
        Assert.That(wrongMethod.StatusCode, Is.EqualTo(HttpStatusCode.MethodNotAllowed), "a method no route has is still 405");
    }

    [Test]
    public async Task Cors_disable_cors_removes_what_use_cors_set_and_enable_cors_replaces_it()
    {
        await using var server = await StartAsync(app =>
        {
            app.UseCors("open");
            app.MapControllers(typeof(CorsItemsController));
        });

        using var disabled = await SendAsync(server, HttpMethod.Get, "/cors/items/7", ("Origin", Allowed));
        using var disabledPreflight = await PreflightAsync(server, "/cors/items/7", Allowed, "GET");
        using var replaced = await SendAsync(server, HttpMethod.Put, "/cors/items/7", ("Origin", Allowed));
        using var replacedPreflight = await PreflightAsync(server, "/cors/items/7", Allowed, "DELETE");

        Assert.That((await disabled.Content.ReadAsStringAsync(), Header(disabled, "Access-Control-Allow-Origin")), Is.EqualTo(("get 7", (string?)null)));
        Assert.That(Header(disabledPreflight, "Access-Control-Allow-Origin"), Is.Null);
        Assert.That(Header(disabledPreflight, "Access-Control-Allow-Methods"), Is.Null);
        Assert.That((Header(replaced, "Access-Control-Allow-Origin"), Header(replaced, "Access-Control-Allow-Credentials")), Is.EqualTo((Allowed, "true")));
        Assert.That((Header(replacedPreflight, "Access-Control-Allow-Origin"), Header(replacedPreflight, "Access-Control-Allow-Headers")), Is.EqualTo((Allowed, "X-Custom")));
    }

    [Test]
    public void Cors_policy_with_any_origin_and_credentials_is_rejected_when_added()
    {
        var error = Assert.Throws<InvalidOperationException>(() =>
            new ServiceCollection().AddCors(o => o.AddPolicy("bad", p => p.AllowAnyOrigin().AllowCredentials())));

        Assert.That(error!.Message, Does.Contain("CORS policy 'bad' allows any origin and credentials"));
    }

    [TestCase("https://app.example/", "is not an origin")]
    [TestCase("app.example", "is not an origin")]
    [TestCase("*", "AllowAnyOrigin()")]
    public void Cors_policy_with_a_bad_origin_is_rejected_when_added(string origin, string expected)
    {
        var error = Assert.Throws<InvalidOperationException>(() =>
            new ServiceCollection().AddCors(o => o.AddPolicy("bad", p => p.WithOrigins(origin))));

        Assert.That(error!.Message, Does.Contain(expected).And.Contain("'bad'"));
    }

    [Test]
    public async Task Cors_enable_cors_naming_a_missing_policy_fails_at_startup()
    {
        var error = await Assert.ThrowsAsync<InvalidOperationException>(async () =>
            await StartAsync(app => app.MapControllers(typeof(CorsItemsController)), o => o.AddPolicy("other", p => p.AllowAnyOrigin())));

        Assert.That(error!.Message, Does.Contain("[EnableCors(\"api\")] names the CORS policy 'api'"));
    }

    [Test]
    public async Task Cors_use_cors_without_add_cors_fails_naming_the_fix()
    {
        var error = await Assert.ThrowsAsync<InvalidOperationException>(async () =>
            await TestServer.StartAsync(null, configurePipeline: app => app.UseCors()));

        Assert.That(error!.Message, Does.Contain("builder.Services.AddCors"));
    }

    [TestCase("http://a.example", "HTTP://A.EXAMPLE:80", true)]
    [TestCase("https://a.example", "https://a.example:443", true)]
    [TestCase("https://a.example", "http://a.example", false)]
    [TestCase("http://[::1]:8080", "http://[::1]:8080", true)]
    [TestCase("http://[::1]:8080", "http://[::1]", false)]
    [TestCase("http://a.example", "http://a.example.", false)]
    public void Cors_origin_comparison(string allowed, string request, bool same)
    {
        Assert.That(CorsOrigin.TryParse(allowed, out var a) && CorsOrigin.TryParse(request, out var r) && a.IsSameOrigin(r), Is.EqualTo(same));
    }

    [TestCase("null")]
    [TestCase("http://a.example/path")]
    [TestCase("http://user@a.example")]
    [TestCase("http://a.example:99999")]
    [TestCase("http://")]
    public void Cors_origin_parsing_refuses_what_is_not_a_tuple_origin(string value)
    {
        Assert.That(CorsOrigin.TryParse(value, out _), Is.False);
    }

    [Test]
    public void Cors_an_allowed_request_allocates_nothing()
    {
        using var services = new ServiceCollection().BuildServiceProvider();
        var context = InMemoryContext.Create(services, "GET", "/data", null, null, out _, ("Origin", "HTTP://APP.EXAMPLE"));
        var options = new ServiceCollection().AddCors(Policies).BuildServiceProvider().GetRequiredService<CorsOptions>();
        var middleware = new CorsMiddleware(_ => Task.CompletedTask, options.Resolve("api", "test"));
        middleware.InvokeAsync(context).GetAwaiter().GetResult();

        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 100; i++)
        {
            context.Response.Headers.Clear();
            middleware.InvokeAsync(context).GetAwaiter().GetResult();
        }
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.That(allocated, Is.Zero);
        Assert.That(context.Response.Headers["Access-Control-Allow-Origin"].ToString(), Is.EqualTo("HTTP://APP.EXAMPLE"));
    }

    private sealed class Counter
    {
        public int Value;
    }
}

/// <summary>A controller-level policy with one action opting out.</summary>
[EnableCors("api")]
public sealed class CorsItemsController : Controller
{
    [HttpPut("/cors/items/{id}")]
    public string Put(int id)
    {
        Response.Headers["X-Total"] = "1";
        return $"put {id}";
    }

    [HttpDelete("/cors/items/{id}")]
    public string Delete(int id) => $"delete {id}";

    [DisableCors]
    [HttpGet("/cors/items/{id}")]
    public string Get(int id) => $"get {id}";
}
