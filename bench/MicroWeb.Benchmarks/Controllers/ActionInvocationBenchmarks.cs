using BenchmarkDotNet.Attributes;
using Microsoft.Extensions.DependencyInjection;
using MicroWeb.Controllers;
using MicroWeb.Http;
using MicroWeb.HttpResults;
using MicroWeb.Routing;
using MicroWeb.Security;

namespace MicroWeb.Benchmarks.Controllers;

/// <summary>
/// Route lookup plus action invocation with binding, through an in-memory <see cref="HttpContext"/> reused
/// across requests as the server reuses one per connection: request scope, controller creation, binding of
/// <c>{id:int}</c>, the call (generated, or compiled from reflection: <see cref="Reflection"/>) and the result, but no sockets.
/// Run: dotnet run -c Release --project bench/MicroWeb.Benchmarks -- --filter '*ActionInvocation*'
/// </summary>
[MemoryDiagnoser]
public class ActionInvocationBenchmarks
{
    private ServiceProvider _services = null!;
    private RouteTable<Endpoint> _table = null!;
    private RequestDelegate _router = null!;
    private HttpContext _context = null!;
    private long _requests;

    /// <summary>
    /// False: the controller's invoker and constructor call are the source generator's (this project runs it); true: the
    /// reflection fallback (compiled expression, ActivatorUtilities), as an app built without the generator gets.
    /// </summary>
    [Params(false, true)]
    public bool Reflection { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        AppContext.SetSwitch("MicroWeb.Controllers.UseReflection", Reflection);
        var collection = new ServiceCollection();
        collection.AddSingleton<UserStore>();
        // What MicroWebAppBuilder registers: with the lifetimes known, a controller taking only singletons opens no scope.
        collection.AddSingleton(new ServiceLifetimes(collection));
        _services = collection.BuildServiceProvider();
        var endpoints = new EndpointCollection(_services);
        foreach (RouteDefinition<Endpoint> route in ControllerDiscovery.Routes(typeof(UsersController), endpoints.Binders))
        {
            endpoints.Add(route);
        }

        void Map(string template, Delegate handler)
        {
            RoutePattern pattern = RoutePattern.Parse(template);
            Endpoint endpoint = Endpoint.ForDelegate(handler, template, pattern, endpoints.Binders);
            endpoints.Add(new RouteDefinition<Endpoint>(pattern, ["GET"], endpoint, template));
        }

        Map("/api/users/{id:int}", (int id, UserStore store) => store.Find(id));
        Map("/api/search", (string term, int page = 1) => Results.NoContent());

        _table = endpoints.BuildTable();
        _router = endpoints.BuildRouter(context =>
        {
            context.Response.StatusCode = 404;
            return Task.CompletedTask;
        }, [AuthorizationStep.Instance]);
        // What MicroWebApp resolves once when it creates the server, so results and binding ask no service provider.
        var values = new ApplicationValues(ApplicationValues.ResolveFormOptions(_services),
            ResultServices.Resolve(_services, viewRendererIsSingleton: true, AppContext.BaseDirectory));
        _context = new HttpContext(_services, new DiscardingOutput(), values);
    }

    [GlobalCleanup]
    public void Cleanup() => _services.Dispose();

    [Benchmark(Baseline = true, Description = "lookup /users/{id:int}")]
    public bool Lookup() => _table.Match("/users/42", "GET").Kind == RouteMatchKind.Matched;

    [Benchmark(Description = "controller: /users/{id:int} → IResult")]
    public Task ControllerAction() => Run("/users/42", "");

    [Benchmark(Description = "MapGet: /api/users/{id:int} + service → JSON")]
    public Task DelegateJson() => Run("/api/users/42", "");

    [Benchmark(Description = "MapGet: query string + default → 204")]
    public Task DelegateQuery() => Run("/api/search", "?term=cats&page=2");

    private async Task Run(string path, string query)
    {
        HttpContext context = _context;
        context.Request.Reset();
        context.BeginRequest(1, ++_requests, CancellationToken.None);
        context.Request.Path = path;
        context.Request.QueryString = query;
        await _router(context).ConfigureAwait(false);
        await context.EndRequestAsync().ConfigureAwait(false);
    }

    public sealed record User(int Id, string Name);

    public sealed class UserStore
    {
        private readonly User _user = new(42, "Ada");

        public User? Find(int id) => id == _user.Id ? _user : null;
    }

    public sealed class UsersController(UserStore store) : Controller
    {
        private static readonly IResult s_found = Results.StatusCode(200);

        [HttpGet("/users/{id:int}")]
        public IResult Show(int id) => store.Find(id) is null ? NotFound() : s_found;
    }

    /// <summary>Accepts and forgets the response bytes: the benchmark measures the framework, not a sink.</summary>
    private sealed class DiscardingOutput : HttpResponseOutput
    {
        public override bool HasStarted => false;

        public override void Write(ReadOnlySpan<byte> data)
        {
        }

        public override ValueTask WriteAsync(ReadOnlyMemory<byte> data, CancellationToken cancellationToken) => ValueTask.CompletedTask;

        public override Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public override Task FlushAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public override void DiscardBuffered()
        {
        }
    }
}
