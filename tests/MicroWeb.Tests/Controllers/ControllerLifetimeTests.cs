using System.Runtime.CompilerServices;
using MicroWeb.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace MicroWeb.Tests.Controllers;

/// <summary>No fields, no constructor parameters: nothing to leak, so instances are reused.</summary>
public sealed class StatelessController : Controller
{
    [HttpGet("/lifetime/stateless")]
    public string Identity() => $"{RuntimeHelpers.GetHashCode(this)} {Request.Query["n"]}";

    [HttpGet("/lifetime/validated")]
    public string Validated([System.ComponentModel.DataAnnotations.Range(1, 10)] int count) => ModelState.IsValid ? $"ok {count}" : $"invalid {ModelState.ErrorCount}";
}

/// <summary>A field makes a controller stateful: one instance per request.</summary>
public sealed class StatefulController : Controller
{
    private int _calls;

    [HttpGet("/lifetime/stateful")]
    public string Identity() => $"{RuntimeHelpers.GetHashCode(this)} {++_calls}";
}

public sealed class DisposableController : Controller, IDisposable
{
    public static int Disposed;

    [HttpGet("/lifetime/disposable")]
    public string Identity() => RuntimeHelpers.GetHashCode(this).ToString();

    public void Dispose() => Interlocked.Increment(ref Disposed);
}

public sealed class SingletonOnlyController(HitCounter counter, ILogger<SingletonOnlyController> logger) : Controller
{
    [HttpGet("/lifetime/singleton")]
    public string Hits()
    {
        logger.LogDebug("hit");
        return counter.Increment().ToString();
    }
}

public class ControllerLifetimeTests
{
    private static Task<TestServer> StartAsync() => TestServer.StartAsync(null,
        configurePipeline: app =>
        {
            // Reports, after the action ran, whether anything opened the request's DI scope.
            app.Use(async (HttpContext context, Func<Task> next) =>
            {
                await next();
                context.Response.Headers["X-Scope"] = context.HasRequestScope ? "opened" : "none";
            });
            app.MapControllers(typeof(StatelessController), typeof(StatefulController), typeof(DisposableController),
                typeof(SingletonOnlyController), typeof(ShopController));
        },
        configureServices: services =>
        {
            services.AddSingleton<HitCounter>();
            services.AddSingleton<DisposalLog>();
            services.AddScoped<RequestScopeProbe>();
        });

    [Test]
    public async Task Controllers_needing_only_singletons_or_nothing_open_no_request_scope()
    {
        await using TestServer server = await StartAsync();
        using HttpClient client = server.CreateClient();
        using HttpResponseMessage singleton = await client.GetAsync("/lifetime/singleton");
        using HttpResponseMessage stateless = await client.GetAsync("/lifetime/stateless");
        using HttpResponseMessage scoped = await client.GetAsync("/it/scope");
        Assert.That(await singleton.Content.ReadAsStringAsync(), Is.EqualTo("1"), "the singleton and the (open generic) logger were injected");
        Assert.That(singleton.Headers.GetValues("X-Scope"), Is.EqualTo(new[] { "none" }));
        Assert.That(stateless.Headers.GetValues("X-Scope"), Is.EqualTo(new[] { "none" }));
        Assert.That(scoped.Headers.GetValues("X-Scope"), Is.EqualTo(new[] { "opened" }), "a scoped dependency still gets its scope");
    }

    [Test]
    public async Task A_stateless_controller_is_reused_and_sees_each_requests_own_context()
    {
        await using TestServer server = await StartAsync();
        using HttpClient client = server.CreateClient();
        string[] first = (await client.GetStringAsync("/lifetime/stateless?n=1")).Split(' ');
        string[] second = (await client.GetStringAsync("/lifetime/stateless?n=2")).Split(' ');
        Assert.That(second[0], Is.EqualTo(first[0]), "the same pooled instance served both requests");
        Assert.That((first[1], second[1]), Is.EqualTo(("1", "2")), "each request sees its own query");
    }

    [Test]
    public async Task A_controller_with_fields_is_created_per_request()
    {
        await using TestServer server = await StartAsync();
        using HttpClient client = server.CreateClient();
        string[] first = (await client.GetStringAsync("/lifetime/stateful")).Split(' ');
        string[] second = (await client.GetStringAsync("/lifetime/stateful")).Split(' ');
        Assert.That(second[0], Is.Not.EqualTo(first[0]));
        Assert.That((first[1], second[1]), Is.EqualTo(("1", "1")), "no state carried over");
    }

    [Test]
    public async Task A_disposable_controller_is_created_and_disposed_per_request()
    {
        await using TestServer server = await StartAsync();
        using HttpClient client = server.CreateClient();
        int before = Volatile.Read(ref DisposableController.Disposed);
        string first = await client.GetStringAsync("/lifetime/disposable");
        string second = await client.GetStringAsync("/lifetime/disposable");
        Assert.That(second, Is.Not.EqualTo(first));
        Assert.That(() => Volatile.Read(ref DisposableController.Disposed) - before, Is.EqualTo(2).After(5000, 10));
    }

    [Test]
    public async Task Binding_failures_do_not_leak_into_the_next_request_on_the_same_connection()
    {
        await using TestServer server = await StartAsync();
        using var connection = await server.ConnectAsync();
        var responses = new List<RawResponse>();
        foreach (string count in new[] { "abc", "50", "5" })
        {
            await connection.SendAsync($"GET /lifetime/validated?count={count} HTTP/1.1\r\nHost: t\r\n\r\n");
            responses.Add(await connection.ReadResponseAsync());
        }

        Assert.That(responses[0].StatusCode, Is.EqualTo(400), "not a number");
        Assert.That(responses[1].BodyText, Is.EqualTo("invalid 1"), "out of range: one ModelState error");
        Assert.That(responses[2].StatusCode, Is.EqualTo(200));
        Assert.That(responses[2].BodyText, Is.EqualTo("ok 5"), "the errors of the requests before are gone");
    }
}
