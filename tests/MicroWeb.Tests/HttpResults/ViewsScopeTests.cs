using System.Net;
using Microsoft.Extensions.DependencyInjection;
using MicroWeb.Tests.Support;

namespace MicroWeb.Tests.HttpResults;

public sealed class ScopeFreeViewsController : Controller
{
    [HttpGet("/scope/controller")]
    public IResult Page() => View("page.html", 7);
}

/// <summary>The view renderer is resolved when the app starts: rendering a view opens no DI scope.</summary>
public class ViewsScopeTests
{
    private sealed class EchoRenderer : IViewRenderer
    {
        public static int Constructed;

        public EchoRenderer() => Interlocked.Increment(ref Constructed);

        public void Render(string name, object? model, TextWriter output) => output.Write($"{name}:{model}");
    }

    /// <summary>Records, after each request, whether anything opened its request scope.</summary>
    private sealed class ScopeProbe
    {
        private readonly List<bool> _scoped = [];

        public void Record(HttpContext context)
        {
            lock (_scoped) _scoped.Add(context.HasRequestScope);
        }

        public bool[] Recorded
        {
            get
            {
                lock (_scoped) return [.. _scoped];
            }
        }
    }

    private static Task<TestServer> StartAsync(ScopeProbe probe, Action<IServiceCollection> services) => TestServer.StartAsync(null,
        configurePipeline: app =>
        {
            app.Use(next => async context =>
            {
                await next(context);
                probe.Record(context);
            });
            app.MapGet("/scope/handler", () => MicroWeb.Results.View("page.html", 42));
            app.MapControllers(typeof(ScopeFreeViewsController));
        },
        configureServices: services);

    [Test]
    public async Task Views_from_a_handler_and_a_controller_render_without_opening_a_request_scope()
    {
        var probe = new ScopeProbe();
        await using var server = await StartAsync(probe, services => services.AddSingleton<IViewRenderer, EchoRenderer>());
        using var client = server.CreateClient();

        Assert.That(await client.GetStringAsync("/scope/handler"), Is.EqualTo("page.html:42"));
        Assert.That(await client.GetStringAsync("/scope/controller"), Is.EqualTo("page.html:7"));
        Assert.That(await client.GetStringAsync("/scope/handler"), Is.EqualTo("page.html:42"));

        Assert.That(probe.Recorded, Is.EqualTo(new[] { false, false, false }));
    }

    [Test]
    public async Task A_scoped_view_renderer_is_still_resolved_from_each_request_scope()
    {
        var probe = new ScopeProbe();
        await using var server = await StartAsync(probe, services => services.AddScoped<IViewRenderer, EchoRenderer>());
        using var client = server.CreateClient();
        var before = Volatile.Read(ref EchoRenderer.Constructed);

        Assert.That(await client.GetStringAsync("/scope/handler"), Is.EqualTo("page.html:42"));
        Assert.That(await client.GetStringAsync("/scope/controller"), Is.EqualTo("page.html:7"));

        // The probe does see scopes: a scoped renderer needs one per request, and gets a fresh instance in each.
        Assert.That(probe.Recorded, Is.EqualTo(new[] { true, true }));
        Assert.That(Volatile.Read(ref EchoRenderer.Constructed) - before, Is.EqualTo(2));
    }

    [Test]
    public async Task Without_a_renderer_a_view_is_a_500_naming_the_view()
    {
        var probe = new ScopeProbe();
        await using var server = await StartAsync(probe, services => services.AddSingleton<IViewRenderer>(_ => null!));
        using var client = server.CreateClient();

        using var response = await client.GetAsync("/scope/handler");
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.InternalServerError));
        // The connection logs the application error before it answers.
        Assert.That(server.Logs.Entries.Select(e => e.Exception?.Message ?? ""), Has.Some.Contains("view 'page.html' cannot be rendered"));
    }
}
