using System.Net;
using System.Net.Http.Headers;
using Microsoft.Extensions.DependencyInjection;
using MicroWeb.Controllers;
using MicroWeb.Tests.Security;
using MicroWeb.Tests.Support;

namespace MicroWeb.Tests.Controllers;

/// <summary>A controller mapped into a group: its prefix and its absolute action template both go under the group's.</summary>
[Route("items")]
public sealed class GroupedItemsController : Controller
{
    [HttpGet("{id:int}")]
    public IResult Show(int id) => Text($"item {id}");

    [HttpGet("/absolute")]
    public IResult Absolute() => Text("absolute");
}

/// <summary>
/// <c>MapGroup</c>: prefixes and nesting, controllers in a group, metadata from a group reaching the router's steps
/// (authorization, CORS, rate limiting, antiforgery) and <c>Endpoint.Metadata</c>, per-endpoint conventions, and the
/// startup errors. Through the real server on 127.0.0.1 unless the route table itself is the subject.
/// </summary>
public sealed class RouteGroupTests
{
    [Test]
    public async Task RouteGroup_prefixes_its_routes_and_nested_groups_add_theirs()
    {
        RouteGroupBuilder? admin = null;
        await using var server = await TestServer.StartAsync(null, configurePipeline: app =>
        {
            var api = app.MapGroup("/api/v1/");
            api.MapGet("/users", () => "users");
            api.MapGet("", () => "root");
            admin = api.MapGroup("admin");
            admin.MapGet("stats", () => "stats");
            app.MapGroup("/users/{userId:int}").MapGet("/posts", (int userId) => $"posts of {userId}");
            app.MapGet("/users", () => "top-level users");
        });
        using var client = server.CreateClient();

        var bodies = new List<string>();
        foreach (var path in new[] { "/api/v1/users", "/api/v1", "/api/v1/admin/stats", "/users/7/posts", "/users" })
        {
            bodies.Add(await client.GetStringAsync(path));
        }

        using var outside = await client.GetAsync("/admin/stats");
        Assert.That(bodies, Is.EqualTo(new[] { "users", "root", "stats", "posts of 7", "top-level users" }));
        Assert.That(outside.StatusCode, Is.EqualTo(HttpStatusCode.NotFound), "a nested group's routes exist only under the full prefix");
        Assert.That(admin!.Prefix, Is.EqualTo("/api/v1/admin"));
    }

    [Test]
    public async Task RouteGroup_maps_controllers_under_its_prefix()
    {
        await using var server = await TestServer.StartAsync(null, configurePipeline: app => app.MapGroup("/api").MapControllers(typeof(GroupedItemsController)));
        using var client = server.CreateClient();

        var item = await client.GetStringAsync("/api/items/3");
        var absolute = await client.GetStringAsync("/api/absolute");
        using var ungrouped = await client.GetAsync("/items/3");

        Assert.That(item, Is.EqualTo("item 3"));
        Assert.That(absolute, Is.EqualTo("absolute"), "an absolute action template leaves the controller's prefix, not the group's");
        Assert.That(ungrouped.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
    }

    [Test]
    public void RouteGroup_metadata_is_in_Endpoint_Metadata_innermost_first_also_for_endpoints_mapped_before_the_call()
    {
        var app = MicroWebApp.CreateBuilder([]).Build();
        var outer = app.MapGroup("/api");
        var inner = outer.MapGroup("/v1");
        inner.MapGet("/before", [EnableCors("own")] () => "before");
        outer.RequireAuthorization().RequireCors("outer");
        inner.RequireCors("inner").RequireRateLimiting("inner-limit").WithMetadata("marker");
        inner.MapGet("/after", () => "after", endpoint => endpoint.WithMetadata("endpoint marker"));
        inner.MapControllers(typeof(GroupedItemsController));

        var table = ((IEndpointRouteBuilder)app).Endpoints.BuildTable();
        var before = table.Match("/api/v1/before", "GET").Endpoint!.Metadata;
        var after = table.Match("/api/v1/after", "GET").Endpoint!.Metadata;
        var action = table.Match("/api/v1/items/1", "GET").Endpoint!.Metadata;

        Assert.That(before.OfType<AuthorizeAttribute>().Count(), Is.EqualTo(1), "[Authorize] from the outer group, added after the MapGet");
        Assert.That(before.OfType<EnableCorsAttribute>().Select(a => a.PolicyName), Is.EqualTo(new[] { "own", "inner", "outer" }), "the handler's own first, then inner, then outer");
        Assert.That(before.OfType<EnableRateLimitingAttribute>().Single().PolicyName, Is.EqualTo("inner-limit"));
        Assert.That(after.OfType<string>(), Is.EqualTo(new[] { "endpoint marker", "marker" }));
        Assert.That(action.OfType<AuthorizeAttribute>(), Has.Exactly(1).Items, "a controller mapped in the group gets it too");
        Assert.That(action.OfType<HttpGetAttribute>(), Has.Exactly(1).Items, "and keeps its own attributes first");
        Assert.That(action[0], Is.InstanceOf<HttpGetAttribute>());
    }

    [Test]
    public async Task RouteGroup_RequireAuthorization_challenges_anonymous_requests_to_the_group_only()
    {
        await using var server = await TestServer.StartAsync(null, configurePipeline: app =>
        {
            app.UseAuthentication();
            app.MapGet("/signin", async (HttpContext context) =>
            {
                await context.SignInAsync("ada");
                return "signed in";
            });
            var api = app.MapGroup("/api");
            api.MapGet("/mapped-before", (HttpContext context) => $"hello {context.GetUser().UserId}");
            api.RequireAuthorization();
            api.MapGet("/mapped-after", () => "after");
            app.MapGet("/public", () => "public");
        }, args: ["--Security:Key", SecurityTestApp.NewKey()]);
        using var anonymous = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = server.BaseAddress };
        using var browser = new HttpClient(new HttpClientHandler { UseCookies = true, CookieContainer = new CookieContainer() }) { BaseAddress = server.BaseAddress };

        using var json = await SendAsync(anonymous, "/api/mapped-before", "application/json");
        using var after = await SendAsync(anonymous, "/api/mapped-after", "application/json");
        using var html = await SendAsync(anonymous, "/api/mapped-after", "text/html");
        using var open = await SendAsync(anonymous, "/public", "application/json");
        await browser.GetStringAsync("/signin");
        var signedIn = await browser.GetStringAsync("/api/mapped-before");

        Assert.That(json.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
        Assert.That(after.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
        Assert.That(html.StatusCode, Is.EqualTo(HttpStatusCode.Redirect), "a browser goes to the login page, as with [Authorize]");
        Assert.That(open.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(signedIn, Is.EqualTo("hello ada"));
    }

    [Test]
    public async Task RouteGroup_RequireCors_answers_requests_and_preflights_with_the_groups_policy()
    {
        await using var server = await TestServer.StartAsync(null,
            configurePipeline: app =>
            {
                app.MapGroup("/api").RequireCors("partner").MapPut("/items", () => "put");
                app.MapPut("/other", () => "other");
            },
            configureServices: services => services.AddCors(o => o.AddPolicy("partner", p => p.WithOrigins("https://partner.example").AllowAnyMethod())));
        using var client = server.CreateClient();

        using var preflight = await SendAsync(client, HttpMethod.Options, "/api/items", ("Origin", "https://partner.example"), ("Access-Control-Request-Method", "PUT"));
        using var actual = await SendAsync(client, HttpMethod.Put, "/api/items", ("Origin", "https://partner.example"));
        using var outside = await SendAsync(client, HttpMethod.Put, "/other", ("Origin", "https://partner.example"));

        Assert.That(preflight.StatusCode, Is.EqualTo(HttpStatusCode.NoContent));
        Assert.That(Header(preflight, "Access-Control-Allow-Origin"), Is.EqualTo("https://partner.example"));
        Assert.That(Header(actual, "Access-Control-Allow-Origin"), Is.EqualTo("https://partner.example"));
        Assert.That(Header(outside, "Access-Control-Allow-Origin"), Is.Null);
    }

    [Test]
    public async Task RouteGroup_RequireRateLimiting_limits_the_groups_endpoints()
    {
        await using var server = await TestServer.StartAsync(null,
            configurePipeline: app =>
            {
                var api = app.MapGroup("/api").RequireRateLimiting("one");
                api.MapGet("/a", () => "a");
                app.MapGet("/free", () => "free");
            },
            configureServices: services => services.AddRateLimiter(o => o.AddFixedWindowLimiter("one", w =>
            {
                w.PermitLimit = 1;
                w.Window = TimeSpan.FromHours(1);
            })));
        using var client = server.CreateClient();

        var statuses = new List<HttpStatusCode>();
        foreach (var path in new[] { "/api/a", "/api/a", "/free", "/free" })
        {
            using var response = await client.GetAsync(path);
            statuses.Add(response.StatusCode);
        }

        Assert.That(statuses, Is.EqualTo(new[] { HttpStatusCode.OK, HttpStatusCode.TooManyRequests, HttpStatusCode.OK, HttpStatusCode.OK }));
    }

    [Test]
    public async Task RouteGroup_WithMetadata_IgnoreAntiforgeryToken_reaches_the_antiforgery_check_before_routing()
    {
        await using var server = await TestServer.StartAsync(null, configurePipeline: app =>
        {
            app.UseAuthentication();
            app.UseAntiforgery();
            app.MapGroup("/hooks").WithMetadata(new IgnoreAntiforgeryTokenAttribute()).MapPost("/github", () => "hooked");
            app.MapPost("/form", () => "posted");
        }, args: ["--Security:Key", SecurityTestApp.NewKey()]);
        using var client = server.CreateClient();

        using var hook = await client.PostAsync("/hooks/github", new FormUrlEncodedContent([]));
        using var form = await client.PostAsync("/form", new FormUrlEncodedContent([]));

        Assert.That(hook.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(form.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest), "the neighbour outside the group is still checked");
    }

    [Test]
    public async Task RouteGroup_conventions_of_one_endpoint_stay_on_that_endpoint()
    {
        await using var server = await TestServer.StartAsync(null, configurePipeline: app =>
        {
            app.UseAuthentication();
            var api = app.MapGroup("/api");
            api.MapGet("/private", () => "private", endpoint => endpoint.RequireAuthorization());
            api.MapGet("/public", () => "public");
            app.MapPost("/top", () => "top", endpoint => endpoint.RequireAuthorization());
        }, args: ["--Security:Key", SecurityTestApp.NewKey()]);
        using var client = server.CreateClient();

        using var privateResponse = await SendAsync(client, "/api/private", "application/json");
        using var publicResponse = await SendAsync(client, "/api/public", "application/json");
        using var post = new HttpRequestMessage(HttpMethod.Post, "/top") { Content = new StringContent("{}", MediaTypeHeaderValue.Parse("application/json")) };
        post.Headers.Accept.ParseAdd("application/json");
        using var top = await client.SendAsync(post);

        Assert.That(privateResponse.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
        Assert.That(publicResponse.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(top.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized), "the overload with a configure callback works on the app too");
    }

    [TestCase("/api/{", "MapGroup(\"/api/{\")")]
    [TestCase("/files/{*path}", "catch-all")]
    [TestCase("/users/{id?}", "optional")]
    [TestCase("/a//b", "empty segment")]
    public void RouteGroup_prefix_that_cannot_be_a_prefix_fails_naming_it(string prefix, string expected)
    {
        var app = MicroWebApp.CreateBuilder([]).Build();

        var error = Assert.Throws<InvalidOperationException>(() => app.MapGroup(prefix));

        Assert.That(error!.Message, Does.Contain(expected));
    }

    [Test]
    public void RouteGroup_route_parameter_of_the_prefix_must_be_bound_by_the_handler()
    {
        var app = MicroWebApp.CreateBuilder([]).Build();
        var group = app.MapGroup("/users/{userId:int}");

        var error = Assert.Throws<InvalidOperationException>(() => group.MapGet("/posts", () => "posts"));

        Assert.That(error!.Message, Does.Contain("'{userId}'").And.Contain("/users/{userId:int}/posts"));
    }

    [Test]
    public async Task RouteGroup_cannot_change_once_the_app_has_started()
    {
        RouteGroupBuilder? late = null;
        await using var server = await TestServer.StartAsync(null, configurePipeline: app =>
        {
            late = app.MapGroup("/api");
            late.MapGet("/a", () => "a");
        });

        Assert.Throws<InvalidOperationException>(() => late!.MapGet("/b", () => "b"));
        Assert.Throws<InvalidOperationException>(() => late!.RequireAuthorization());
        Assert.Throws<InvalidOperationException>(() => server.App.MapGroup("/later"));
    }

    private static async Task<HttpResponseMessage> SendAsync(HttpClient client, string path, string accept)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Accept.ParseAdd(accept);
        return await client.SendAsync(request);
    }

    private static async Task<HttpResponseMessage> SendAsync(HttpClient client, HttpMethod method, string path, params (string Name, string Value)[] headers)
    {
        using var request = new HttpRequestMessage(method, path);
        foreach (var (name, value) in headers) request.Headers.TryAddWithoutValidation(name, value);
        return await client.SendAsync(request);
    }

    private static string? Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) ? string.Join(", ", values) : null;
}
