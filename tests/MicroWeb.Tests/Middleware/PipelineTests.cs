using System.Net;
using MicroWeb.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace MicroWeb.Tests.Middleware;

public class PipelineTests
{
    private static Task Terminal(HttpContext context) => context.Response.WriteAsync("terminal " + context.Request.Path).AsTask();

    private static async Task<string> GetStringAsync(InMemoryServer server, string path)
    {
        using var client = server.CreateClient();
        using var response = await client.GetAsync(path);
        return $"{(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}";
    }

    [Test]
    public async Task Middleware_runs_in_registration_order_and_unwinds_in_reverse()
    {
        var trace = new List<string>();
        await using var server = await InMemoryServer.StartAsync(context =>
        {
            trace.Add("terminal");
            return Task.CompletedTask;
        }, configurePipeline: app =>
        {
            app.Use(async (context, next) => { trace.Add("a>"); await next(); trace.Add("<a"); });
            app.Use(async (HttpContext context, RequestDelegate next) => { trace.Add("b>"); await next(context); trace.Add("<b"); });
        });
        await GetStringAsync(server, "/");
        Assert.That(trace, Is.EqualTo(new[] { "a>", "b>", "terminal", "<b", "<a" }));
    }

    [Test]
    public async Task Middleware_that_does_not_call_next_short_circuits_the_rest()
    {
        var reached = false;
        await using var server = await InMemoryServer.StartAsync(context =>
        {
            reached = true;
            return Task.CompletedTask;
        }, configurePipeline: app => app.Use((HttpContext context, RequestDelegate next) =>
        {
            context.Response.StatusCode = 403;
            return context.Response.WriteAsync("stop").AsTask();
        }));
        Assert.That(await GetStringAsync(server, "/"), Is.EqualTo("403 stop"));
        Assert.That(reached, Is.False);
    }

    [Test]
    public async Task Map_matches_whole_segments_case_insensitively_and_keeps_the_path()
    {
        await using var server = await InMemoryServer.StartAsync(Terminal, configurePipeline: app =>
            app.Map("/admin", branch => branch.Run(context => context.Response.WriteAsync("admin " + context.Request.Path).AsTask())));
        Assert.That(await GetStringAsync(server, "/admin"), Is.EqualTo("200 admin /admin"));
        Assert.That(await GetStringAsync(server, "/ADMIN/users"), Is.EqualTo("200 admin /ADMIN/users"));
        Assert.That(await GetStringAsync(server, "/administrator"), Is.EqualTo("200 terminal /administrator"));
        Assert.That(await GetStringAsync(server, "/"), Is.EqualTo("200 terminal /"));
    }

    [Test]
    public async Task Map_branch_without_a_terminal_answers_404_and_never_reaches_the_main_pipeline()
    {
        await using var server = await InMemoryServer.StartAsync(Terminal, configurePipeline: app =>
            app.Map("/api/", branch => branch.Use((context, next) =>
            {
                context.Response.Headers["X-Branch"] = "api";
                return next(context);
            })));
        using var client = server.CreateClient();
        using var response = await client.GetAsync("/api/x");
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
        Assert.That(response.Headers.GetValues("X-Branch").Single(), Is.EqualTo("api"));
        Assert.That(await GetStringAsync(server, "/apix"), Is.EqualTo("200 terminal /apix"));
    }

    [Test]
    public async Task Map_rejects_a_prefix_without_a_leading_slash()
    {
        await using var app = MicroWebApp.CreateBuilder([]).Build();
        Assert.Throws<ArgumentException>(() => app.Map("admin", _ => { }));
    }

    [Test]
    public async Task UseWhen_branch_runs_for_matching_requests_and_rejoins_the_main_pipeline()
    {
        await using var server = await InMemoryServer.StartAsync(context =>
        {
            context.Response.Headers["X-Seen"] = context.Items.TryGetValue("flag", out var flag) ? (string)flag! : "none";
            return Task.CompletedTask;
        }, configurePipeline: app =>
        {
            app.UseWhen(context => context.Request.Query.ContainsKey("flag"), branch => branch.Use((context, next) =>
            {
                context.Items["flag"] = "set";
                return next(context);
            }));
        });
        using var client = server.CreateClient();
        using (var response = await client.GetAsync("/?flag=1"))
            Assert.That(response.Headers.GetValues("X-Seen").Single(), Is.EqualTo("set"));
        using (var response = await client.GetAsync("/"))
            Assert.That(response.Headers.GetValues("X-Seen").Single(), Is.EqualTo("none"));
    }

    [Test]
    public async Task UseWhen_branch_with_its_own_terminal_does_not_rejoin()
    {
        await using var server = await InMemoryServer.StartAsync(Terminal, configurePipeline: app =>
            app.UseWhen(context => context.Request.Path.EndsWith(".x"), branch => branch.Run(context => context.Response.WriteAsync("branch").AsTask())));
        Assert.That(await GetStringAsync(server, "/a.x"), Is.EqualTo("200 branch"));
        Assert.That(await GetStringAsync(server, "/a.y"), Is.EqualTo("200 terminal /a.y"));
    }

    [Test]
    public async Task Use_of_a_middleware_class_constructs_it_once_with_services_and_extra_arguments()
    {
        CountingMiddleware.Constructed = 0;
        await using var server = await InMemoryServer.StartAsync(Terminal,
            configureServices: services => services.AddSingleton(new Greeting("hello")),
            configurePipeline: app => app.Use<CountingMiddleware>("suffix"));
        Assert.That(await GetStringAsync(server, "/one"), Is.EqualTo("200 hello-suffix:1 terminal /one"));
        Assert.That(await GetStringAsync(server, "/two"), Is.EqualTo("200 hello-suffix:2 terminal /two"));
        Assert.That(CountingMiddleware.Constructed, Is.EqualTo(1));
    }

    [Test]
    public async Task Use_of_a_middleware_class_resolves_scoped_services_per_request_as_InvokeAsync_parameters()
    {
        await using var server = await InMemoryServer.StartAsync(Terminal,
            configureServices: services => services.AddScoped<RequestCounter>(),
            configurePipeline: app => app.Use<ScopedParameterMiddleware>());
        using var client = server.CreateClient();
        using var first = await client.GetAsync("/");
        using var second = await client.GetAsync("/");
        var firstId = first.Headers.GetValues("X-Scope").Single();
        var secondId = second.Headers.GetValues("X-Scope").Single();
        Assert.That(firstId, Is.Not.EqualTo(secondId), "each request gets its own scoped instance");
        Assert.That(first.Headers.GetValues("X-Same").Single(), Is.EqualTo("True"), "both parameters of one request share the scope");
    }

    [Test]
    public async Task Use_of_an_IMiddleware_class_calls_it_through_the_interface()
    {
        await using var server = await InMemoryServer.StartAsync(Terminal, configurePipeline: app => app.Use<InterfaceMiddleware>());
        Assert.That(await GetStringAsync(server, "/i"), Is.EqualTo("200 [i]terminal /i"));
    }

    [Test]
    public async Task Use_of_a_class_without_InvokeAsync_fails_at_startup_naming_the_class()
    {
        await using var app = MicroWebApp.CreateBuilder([]).Build();
        var error = Assert.Throws<InvalidOperationException>(() => app.Use<Greeting>());
        Assert.That(error!.Message, Does.Contain(typeof(Greeting).FullName).And.Contain("InvokeAsync"));
        error = Assert.Throws<InvalidOperationException>(() => app.Use<WrongSignatureMiddleware>());
        Assert.That(error!.Message, Does.Contain("(HttpContext, RequestDelegate)"));
    }

    public sealed class Greeting(string text)
    {
        public string Text { get; } = text;
    }

    public sealed class CountingMiddleware
    {
        public static int Constructed;
        private readonly string _prefix;
        private int _count;

        public CountingMiddleware(Greeting greeting, string suffix)
        {
            Interlocked.Increment(ref Constructed);
            _prefix = greeting.Text + "-" + suffix;
        }

        public async Task InvokeAsync(HttpContext context, RequestDelegate next)
        {
            await context.Response.WriteAsync($"{_prefix}:{Interlocked.Increment(ref _count)} ");
            await next(context);
        }
    }

    public sealed class RequestCounter
    {
        public Guid Id { get; } = Guid.NewGuid();
    }

    public sealed class ScopedParameterMiddleware
    {
        public Task InvokeAsync(HttpContext context, RequestDelegate next, RequestCounter counter, RequestCounter again)
        {
            context.Response.Headers["X-Scope"] = counter.Id.ToString();
            context.Response.Headers["X-Same"] = ReferenceEquals(counter, again).ToString();
            return next(context);
        }
    }

    public sealed class InterfaceMiddleware : IMiddleware
    {
        public async Task InvokeAsync(HttpContext context, RequestDelegate next)
        {
            await context.Response.WriteAsync("[i]");
            await next(context);
        }
    }

    public sealed class WrongSignatureMiddleware
    {
        public Task InvokeAsync(HttpContext context) => Task.CompletedTask;
    }
}
