using System.Net;
using Microsoft.Extensions.DependencyInjection;
using MicroWeb.Controllers;
using MicroWeb.Http;
using MicroWeb.HttpResults;
using MicroWeb.Routing;
using MicroWeb.Tests.Support;

namespace MicroWeb.Tests.Controllers;

/// <summary>Records what ran, in order, for one test's server.</summary>
public sealed class FilterLog
{
    private readonly List<string> _entries = [];

    public void Add(string entry)
    {
        lock (_entries) _entries.Add(entry);
    }

    public string[] Entries()
    {
        lock (_entries) return [.. _entries];
    }
}

/// <summary>A filter from DI that logs its name (its type) around the endpoint.</summary>
public sealed class LoggingFilter(FilterLog log) : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        log.Add("logging>");
        var result = await next(context);
        log.Add("<logging");
        return result;
    }
}

/// <summary>Registered scoped: a new instance per request, numbered.</summary>
public sealed class ScopedCountingFilter : IEndpointFilter
{
    private static int s_created;

    public int Number { get; } = Interlocked.Increment(ref s_created);

    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next) =>
        $"{await next(context)} (filter #{Number})";
}

/// <summary>Answers 403 unless the request carries <c>X-Key: open</c>; never calls the endpoint otherwise.</summary>
public sealed class KeyFilter : IEndpointFilter
{
    public ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next) =>
        context.HttpContext.Request.Headers["X-Key"].ToString() == "open" ? next(context) : new ValueTask<object?>(Results.StatusCode(403));
}

/// <summary>Wraps the string the endpoint returned in its tag, and replaces any other result.</summary>
public sealed class ControllerTagFilter : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next) =>
        await next(context) is string text ? $"controller({text})" : Results.Text("replaced by the controller's filter");
}

/// <summary>Appends its tag to the string the endpoint returned.</summary>
public sealed class ActionTagFilter : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next) => $"action({await next(context)})";
}

/// <summary>Filters on a controller and on an action, and an action whose argument a filter doubles.</summary>
[EndpointFilter(typeof(ControllerTagFilter))]
public sealed class FilteredController : Controller
{
    [EndpointFilter(typeof(ActionTagFilter))]
    [HttpGet("/filtered/{id:int}")]
    public string Show(int id) => $"show {id} on {GetType().Name}";

    [HttpGet("/filtered/plain")]
    public IResult Plain() => Text("plain");
}

/// <summary>A filter type that is not a filter, to fail the start.</summary>
public sealed class NotAFilterController : Controller
{
    [EndpointFilter(typeof(string))]
    [HttpGet("/nope")]
    public string Nope() => "nope";
}

/// <summary>
/// Endpoint filters on <c>MapGet</c> handlers and controller actions: order (groups outside, attributes inside),
/// short-circuits, reading and replacing arguments, replacing the result, filters from DI, binding failures that never
/// reach a filter, startup errors, and the unfiltered path's allocations, which filters on other endpoints do not change.
/// </summary>
public sealed class EndpointFilterTests
{
    [Test]
    public async Task EndpointFilter_run_outer_group_first_then_inner_group_then_the_endpoints_own_in_the_order_added()
    {
        var log = new FilterLog();
        await using var server = await TestServer.StartAsync(null, configureServices: services => services.AddSingleton(log), configurePipeline: app =>
        {
            var outer = app.MapGroup("/outer").AddEndpointFilter(Logged(log, "outer1")).AddEndpointFilter(Logged(log, "outer2"));
            var inner = outer.MapGroup("/inner");
            inner.MapGet("/x", (FilterLog l) =>
            {
                l.Add("handler");
                return "x";
            }, endpoint => endpoint.AddEndpointFilter(Logged(log, "endpoint")).AddEndpointFilter<LoggingFilter>());
            // Added after the MapGet: still runs, conventions apply when the app starts.
            inner.AddEndpointFilter(Logged(log, "inner"));
        });
        using var client = server.CreateClient();

        var body = await client.GetStringAsync("/outer/inner/x");

        Assert.That(body, Is.EqualTo("x"));
        Assert.That(log.Entries(), Is.EqualTo(new[]
        {
            "outer1>", "outer2>", "inner>", "endpoint>", "logging>", "handler", "<logging", "<endpoint", "<inner", "<outer2", "<outer1",
        }));
    }

    [Test]
    public async Task EndpointFilter_short_circuits_with_its_own_result_and_the_handler_does_not_run()
    {
        var calls = 0;
        await using var server = await TestServer.StartAsync(null, configurePipeline: app =>
            app.MapGroup("/api").AddEndpointFilter<KeyFilter>().MapPost("/work", () =>
            {
                Interlocked.Increment(ref calls);
                return "worked";
            }));
        using var client = server.CreateClient();

        using var refused = await client.PostAsync("/api/work", null);
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/work") { Headers = { { "X-Key", "open" } } };
        using var allowed = await client.SendAsync(request);

        Assert.That(refused.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
        Assert.That(await allowed.Content.ReadAsStringAsync(), Is.EqualTo("worked"));
        Assert.That(calls, Is.EqualTo(1), "the refused request never reached the handler");
    }

    [Test]
    public async Task EndpointFilter_reads_and_replaces_bound_arguments()
    {
        var seen = new List<string>();
        await using var server = await TestServer.StartAsync(null, configurePipeline: app =>
            app.MapGet("/greet/{id:int}", (int id, string name, HttpContext context) => $"{name} #{id} {context.Request.Path}", endpoint =>
                endpoint.AddEndpointFilter((context, next) =>
                {
                    lock (seen) seen.Add($"{context.Arguments.Count}: {context.GetArgument<int>(0)} {context.GetArgument<string>(1)} {context.GetArgument<HttpContext>(2).Request.Path}");
                    context.Arguments[0] = context.GetArgument<int>(0) * 10;
                    context.Arguments[1] = context.GetArgument<string>(1).ToUpperInvariant();
                    return next(context);
                })));
        using var client = server.CreateClient();

        var body = await client.GetStringAsync("/greet/4?name=ada");

        Assert.That(seen, Is.EqualTo(new[] { "3: 4 ada /greet/4" }));
        Assert.That(body, Is.EqualTo("ADA #40 /greet/4"));
    }

    [Test]
    public async Task EndpointFilter_replaces_the_result_of_an_async_handler_after_it_ran()
    {
        await using var server = await TestServer.StartAsync(null, configurePipeline: app =>
            app.MapGet("/word", async () =>
            {
                await Task.Yield();
                return "word";
            }, endpoint => endpoint.AddEndpointFilter(async (context, next) =>
            {
                var result = await next(context);
                return new { original = result, length = ((string)result!).Length };
            })));
        using var client = server.CreateClient();

        using var response = await client.GetAsync("/word");

        Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/json"), "an object from a filter becomes JSON, as a handler's would");
        Assert.That(await response.Content.ReadAsStringAsync(), Is.EqualTo("{\"original\":\"word\",\"length\":4}"));
    }

    [Test]
    public async Task EndpointFilter_registered_in_DI_comes_from_the_request_scope()
    {
        await using var server = await TestServer.StartAsync(null,
            configureServices: services => services.AddScoped<ScopedCountingFilter>(),
            configurePipeline: app => app.MapGroup("").AddEndpointFilter<ScopedCountingFilter>().MapGet("/count", () => "counted"));
        using var client = server.CreateClient();

        var first = await client.GetStringAsync("/count");
        var second = await client.GetStringAsync("/count");

        Assert.That(first, Does.Match(@"^counted \(filter #\d+\)$"));
        Assert.That(second, Does.Match(@"^counted \(filter #\d+\)$"));
        Assert.That(second, Is.Not.EqualTo(first), "scoped: one instance per request");
    }

    [Test]
    public async Task EndpointFilter_not_registered_in_DI_is_created_once_with_its_constructor_injected()
    {
        var log = new FilterLog();
        await using var server = await TestServer.StartAsync(null,
            configureServices: services => services.AddSingleton(log),
            configurePipeline: app => app.MapGet("/once", () => "once", endpoint => endpoint.AddEndpointFilter<LoggingFilter>()));
        using var client = server.CreateClient();

        await client.GetStringAsync("/once");
        await client.GetStringAsync("/once");

        Assert.That(log.Entries(), Is.EqualTo(new[] { "logging>", "<logging", "logging>", "<logging" }));
    }

    [Test]
    public async Task EndpointFilter_attributes_on_controller_and_action_run_inside_the_groups_filters()
    {
        await using var server = await TestServer.StartAsync(null, configurePipeline: app =>
            app.MapGroup("/g").AddEndpointFilter(async (context, next) =>
            {
                var result = await next(context);
                return result is string text ? $"group({text})" : result;
            }).MapControllers(typeof(FilteredController)));
        using var client = server.CreateClient();

        var action = await client.GetStringAsync("/g/filtered/5");
        var plain = await client.GetStringAsync("/g/filtered/plain");

        Assert.That(action, Is.EqualTo("group(controller(action(show 5 on FilteredController)))"));
        Assert.That(plain, Is.EqualTo("replaced by the controller's filter"), "the IResult the action returned reached the filter, whose replacement was executed");
    }

    [Test]
    public async Task EndpointFilter_attribute_on_a_handler_lambda_runs()
    {
        await using var server = await TestServer.StartAsync(null, configurePipeline: app =>
            app.MapGet("/tagged", [EndpointFilter(typeof(ActionTagFilter))] () => "tagged"));
        using var client = server.CreateClient();

        Assert.That(await client.GetStringAsync("/tagged"), Is.EqualTo("action(tagged)"));
    }

    [Test]
    public async Task EndpointFilter_is_not_reached_when_binding_fails()
    {
        var calls = 0;
        await using var server = await TestServer.StartAsync(null, configurePipeline: app =>
            app.MapGet("/page", (int page) => $"page {page}", endpoint => endpoint.AddEndpointFilter((context, next) =>
            {
                Interlocked.Increment(ref calls);
                return next(context);
            })));
        using var client = server.CreateClient();

        using var bad = await client.GetAsync("/page?page=abc");
        var good = await client.GetStringAsync("/page?page=2");

        Assert.That(bad.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(good, Is.EqualTo("page 2"));
        Assert.That(calls, Is.EqualTo(1));
    }

    [Test]
    public void EndpointFilter_GetArgument_of_the_wrong_type_names_both_types()
    {
        using var services = new ServiceCollection().BuildServiceProvider();
        var context = new EndpointFilterInvocationContext(InMemoryContext.Create(services, "GET", "/", null, null, out _), [42, null], null);

        var error = Assert.Throws<InvalidCastException>(() => context.GetArgument<string>(0));

        Assert.That(error!.Message, Does.Contain("System.Int32").And.Contain("System.String"));
        Assert.That(context.GetArgument<string?>(1), Is.Null);
        Assert.Throws<ArgumentOutOfRangeException>(() => context.GetArgument<int>(2));
        Assert.Throws<NotSupportedException>(() => context.Arguments.Add(1), "fixed-size: one slot per parameter");
    }

    [Test]
    public async Task EndpointFilter_type_that_is_not_a_filter_fails_the_start_naming_the_action()
    {
        var error = await Assert.ThrowsAsync<InvalidOperationException>(async () =>
            await TestServer.StartAsync(null, configurePipeline: app => app.MapControllers(typeof(NotAFilterController))));

        Assert.That(error!.Message, Does.Contain("NotAFilterController.Nope").And.Contain("System.String").And.Contain("IEndpointFilter"));
    }

    [Test]
    public void EndpointFilter_absent_leaves_the_endpoint_on_its_unfiltered_path_with_the_same_allocations()
    {
        var services = new ServiceCollection().BuildServiceProvider();
        var app = MicroWebApp.CreateBuilder([]).Build();
        app.MapGet("/plain", () => Results.NoContent());
        app.MapGroup("/group").WithMetadata("marker").MapGet("/plain", () => Results.NoContent());
        app.MapGet("/filtered", () => Results.NoContent(), endpoint => endpoint.AddEndpointFilter((context, next) => next(context)));
        var endpoints = ((IEndpointRouteBuilder)app).Endpoints;
        var table = endpoints.BuildTable();
        var router = endpoints.BuildRouter(context => Task.CompletedTask, []);
        var values = new ApplicationValues(ApplicationValues.ResolveFormOptions(services), ResultServices.Resolve(services, viewRendererIsSingleton: true, AppContext.BaseDirectory));
        var context = new HttpContext(services, new MemoryResponseOutput(), values);

        var plain = BytesPerRequest(router, context, "/plain");
        var grouped = BytesPerRequest(router, context, "/group/plain");
        var filtered = BytesPerRequest(router, context, "/filtered");

        Assert.That(table.Match("/plain", "GET").Endpoint!.HasFilters, Is.False);
        Assert.That(table.Match("/group/plain", "GET").Endpoint!.HasFilters, Is.False, "metadata alone adds no filter path");
        Assert.That(grouped, Is.EqualTo(plain), "a group without filters costs nothing per request");
        Assert.That(filtered, Is.GreaterThan(plain), "the measurement sees the filter path's context and arguments");
        Assert.That(filtered - plain, Is.LessThanOrEqualTo(200), $"{plain} B unfiltered, {filtered} B filtered: the context, the arguments array and the filter path's async state; no closures");
        TestContext.Out.WriteLine($"bytes per request: unfiltered {plain}, in a group {grouped}, filtered {filtered}");
    }

    private static long BytesPerRequest(RequestDelegate router, HttpContext context, string path)
    {
        const int Requests = 200;
        for (var i = 0; i < 10; i++) Run(router, context, path, i);
        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < Requests; i++) Run(router, context, path, i);
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.That(context.Response.StatusCode, Is.EqualTo(204), path);
        return allocated / Requests;
    }

    private static void Run(RequestDelegate router, HttpContext context, string path, long id)
    {
        context.Request.Reset();
        context.BeginRequest(1, id, CancellationToken.None);
        context.Request.Method = "GET";
        context.Request.Path = path;
        var task = router(context);
        Assert.That(task.IsCompletedSuccessfully, Is.True, "synchronous all the way, so the thread's allocations are the request's");
        context.EndRequestAsync().GetAwaiter().GetResult();
    }

    private static Func<EndpointFilterInvocationContext, EndpointFilterDelegate, ValueTask<object?>> Logged(FilterLog log, string name) => async (context, next) =>
    {
        log.Add(name + ">");
        var result = await next(context);
        log.Add("<" + name);
        return result;
    };
}
