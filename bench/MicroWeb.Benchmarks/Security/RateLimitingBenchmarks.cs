using System.Net;
using BenchmarkDotNet.Attributes;
using Microsoft.Extensions.DependencyInjection;
using MicroWeb.Controllers;
using MicroWeb.Http;
using MicroWeb.HttpResults;
using MicroWeb.Routing;
using MicroWeb.Security;
using MicroWeb.Security.RateLimiting;

namespace MicroWeb.Benchmarks.Security;

/// <summary>
/// The per-request cost of an endpoint's rate limiting policy: the same MapGet handler with no policy, a shared fixed
/// window, a fixed window per client address (its key is the address as text) and a concurrency limiter, through the
/// router and its endpoint steps on a reused <see cref="HttpContext"/>. The limits are never reached: this is the cost
/// of asking, not of rejecting.
/// Run: dotnet run -c Release --project bench/MicroWeb.Benchmarks -- --filter '*RateLimiting*' --inProcess --job short
/// </summary>
[MemoryDiagnoser]
public class RateLimitingBenchmarks
{
    private ServiceProvider _services = null!;
    private RequestDelegate _router = null!;
    private HttpContext _context = null!;
    private readonly IPEndPoint _client = new(IPAddress.Parse("203.0.113.7"), 50000);
    private long _requests;

    [GlobalSetup]
    public void Setup()
    {
        var collection = new ServiceCollection();
        collection.AddRateLimiter(options =>
        {
            options.AddFixedWindowLimiter("fixed", o =>
            {
                o.PermitLimit = int.MaxValue;
                o.Window = TimeSpan.FromHours(1);
            });
            options.AddFixedWindowLimiter("fixed-per-address", o =>
            {
                o.PermitLimit = int.MaxValue;
                o.Window = TimeSpan.FromHours(1);
            }, RateLimitPartitionBy.ClientAddress);
            options.AddConcurrencyLimiter("concurrency", o => o.PermitLimit = 100);
        });
        _services = collection.BuildServiceProvider();
        var endpoints = new EndpointCollection(_services);

        void Map(string template, Delegate handler)
        {
            var pattern = RoutePattern.Parse(template);
            var endpoint = Endpoint.ForDelegate(handler, template, pattern, endpoints.Binders);
            endpoints.Add(new RouteDefinition<Endpoint>(pattern, ["GET"], endpoint, template));
        }

        Map("/none", () => Results.NoContent());
        Map("/fixed", [EnableRateLimiting("fixed")] () => Results.NoContent());
        Map("/fixed-per-address", [EnableRateLimiting("fixed-per-address")] () => Results.NoContent());
        Map("/concurrency", [EnableRateLimiting("concurrency")] () => Results.NoContent());

        _router = endpoints.BuildRouter(context =>
        {
            context.Response.StatusCode = 404;
            return Task.CompletedTask;
        }, [AuthorizationStep.Instance, RateLimitingStep.For(_services)]);
        var values = new ApplicationValues(ApplicationValues.ResolveFormOptions(_services),
            ResultServices.Resolve(_services, viewRendererIsSingleton: true, AppContext.BaseDirectory));
        _context = new HttpContext(_services, new DiscardingOutput(), values);
    }

    [GlobalCleanup]
    public void Cleanup() => _services.Dispose();

    [Benchmark(Baseline = true, Description = "no policy")]
    public Task None() => Run("/none");

    [Benchmark(Description = "fixed window, shared")]
    public Task Fixed() => Run("/fixed");

    [Benchmark(Description = "fixed window, per client address")]
    public Task FixedPerAddress() => Run("/fixed-per-address");

    [Benchmark(Description = "concurrency limiter")]
    public Task Concurrency() => Run("/concurrency");

    private async Task Run(string path)
    {
        var context = _context;
        context.Request.Reset();
        context.BeginRequest(1, ++_requests, CancellationToken.None);
        context.Request.RemoteEndPoint = _client;
        context.Request.Path = path;
        await _router(context).ConfigureAwait(false);
        await context.EndRequestAsync().ConfigureAwait(false);
    }

    /// <summary>Accepts and forgets the response bytes.</summary>
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
