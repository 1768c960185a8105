using System.Runtime.InteropServices;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using MicroWeb.Controllers;
using MicroWeb.Hosting;
using MicroWeb.Hosting.HealthChecks;
using MicroWeb.Http;
using MicroWeb.HttpResults;
using MicroWeb.Middleware;
using MicroWeb.Middleware.Diagnostics;
using MicroWeb.Middleware.LiveReload;
using MicroWeb.Middleware.PathBase;
using MicroWeb.Security;
using MicroWeb.Security.Cors;
using MicroWeb.Security.RateLimiting;
using MicroWeb.Server;

namespace MicroWeb;

/// <summary>
/// A MicroWeb application: the middleware pipeline and the server that runs it.
/// </summary>
/// <example>
/// <code>
/// var app = MicroWebApp.CreateBuilder(args).Build();
/// app.Run(context => context.Response.WriteAsync("Hello, World!").AsTask());
/// app.Run();
/// </code>
/// </example>
public sealed class MicroWebApp : IPipelineBuilder, IEndpointRouteBuilder, IAsyncDisposable
{
    internal const string EnvironmentVariablePrefix = "MICROWEB_";

    private readonly ServiceProvider _services;
    private readonly PipelineBuilder _pipeline;
    private readonly ServerOptions _serverOptions;
    private readonly Lock _lock = new();
    private HttpServer? _server;
    private TaskCompletionSource? _stopped;
    private ResultServices? _results;

    internal MicroWebApp(ServiceProvider services, IConfiguration configuration, MicroWebEnvironment environment, ServerOptions serverOptions)
    {
        _services = services;
        _pipeline = new PipelineBuilder(services);
        Endpoints = new EndpointCollection(services);
        Configuration = configuration;
        Environment = environment;
        _serverOptions = serverOptions;
        Logger = services.GetRequiredService<ILoggerFactory>().CreateLogger("MicroWeb");
    }

    /// <summary>Creates a builder with configuration, services and logging set up from <paramref name="args"/>, the environment and appsettings files.</summary>
    public static MicroWebAppBuilder CreateBuilder(string[]? args = null) => new(args ?? []);

    /// <summary>The application's services.</summary>
    public IServiceProvider Services => _services;

    /// <summary>The application's configuration.</summary>
    public IConfiguration Configuration { get; }

    /// <summary>The environment the app runs in.</summary>
    public MicroWebEnvironment Environment { get; }

    /// <summary>The app's logger (category <c>MicroWeb</c>).</summary>
    public ILogger Logger { get; }

    /// <summary>The addresses the server listens on, with the actual ports (so port 0 can be discovered). Empty until started.</summary>
    public IReadOnlyList<string> Urls
    {
        get
        {
            var server = _server;
            if (server is null) return [];
            return [.. server.Urls];
        }
    }

    /// <inheritdoc />
    public IServiceProvider ApplicationServices => _services;

    /// <summary>The test host overrides this app was built with, if a test host built it.</summary>
    internal BuilderOverrides? Overrides { get; init; }

    /// <summary>The routes mapped with <c>MapControllers</c>, <c>MapGet</c> and friends; routed after all middleware.</summary>
    internal EndpointCollection Endpoints { get; }

    EndpointCollection IEndpointRouteBuilder.Endpoints => Endpoints;

    /// <inheritdoc />
    public IPipelineBuilder Use(Func<RequestDelegate, RequestDelegate> middleware)
    {
        ThrowIfStarted();
        return _pipeline.Use(middleware);
    }

    /// <inheritdoc />
    public void Run(RequestDelegate handler)
    {
        ThrowIfStarted();
        _pipeline.Run(handler);
    }

    /// <summary>Runs the app until Ctrl+C or SIGTERM, then shuts down gracefully and returns.</summary>
    public void Run() => RunAsync().GetAwaiter().GetResult();

    /// <summary>Runs the app until <paramref name="cancellationToken"/> fires, Ctrl+C or SIGTERM arrives, or <see cref="StopAsync"/> is called; then shuts down gracefully.</summary>
    public async Task RunAsync(CancellationToken cancellationToken = default)
    {
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        // A second signal while stopping means "now": it cuts ShutdownDelay and ShutdownTimeout short.
        using var hurry = new CancellationTokenSource();
        void OnSignal(PosixSignalContext context)
        {
            // Handled here: the process exits normally (code 0) once shutdown completes.
            context.Cancel = true;
            if (stop.IsCancellationRequested)
            {
                Logger.LogInformation("{Signal} received again; stopping at once", context.Signal);
                hurry.Cancel();
                return;
            }

            Logger.LogInformation("{Signal} received; shutting down", context.Signal);
            stop.Cancel();
        }
        using var sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, OnSignal);
        using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, OnSignal);
        using var sigquit = PosixSignalRegistration.Create(PosixSignal.SIGQUIT, OnSignal);

        await StartAsync(stop.Token).ConfigureAwait(false);
        Logger.LogInformation("Application started in {Environment}, content root {ContentRoot}. Press Ctrl+C to shut down.", Environment.EnvironmentName, Environment.ContentRootPath);
        try
        {
            await _stopped!.Task.WaitAsync(stop.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            await StopAsync(hurry.Token).ConfigureAwait(false);
        }
    }

    /// <summary>Composes the pipeline, binds the configured addresses and starts serving. Returns once listening.</summary>
    /// <exception cref="IOException">An address could not be bound.</exception>
    public async Task StartAsync(CancellationToken cancellationToken = default)
    {
        var server = CreateServer();
        try
        {
            await server.StartAsync(cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            await server.StopAsync(CancellationToken.None).ConfigureAwait(false);
            throw;
        }
        StartupFailure.MarkStarted();
    }

    /// <summary>
    /// Composes the pipeline and starts a server that binds nothing: connections arrive in memory through
    /// <see cref="HttpServer.ConnectInMemory"/> (the test host). <see cref="Urls"/> stays empty.
    /// </summary>
    internal HttpServer StartInMemory()
    {
        var server = CreateServer();
        server.StartWithoutListening();
        return server;
    }

    private HttpServer CreateServer()
    {
        lock (_lock)
        {
            ThrowIfStarted();
            var logger = _services.GetRequiredService<ILoggerFactory>().CreateLogger("MicroWeb.Server");
            // Routing is the last step: requests no route matches fall through to the Run handler, or 404.
            var terminal = _pipeline.Terminal ?? PipelineBuilder.NotFound;
            // Endpoint steps run between a match and the endpoint, in this order; each applies only where an endpoint's metadata asks.
            if (Endpoints.NeedsRouter) terminal = Endpoints.BuildRouter(terminal, [CorsStep.Create(_services), AuthorizationStep.Instance, RateLimitingStep.For(_services)]);
            // Development's live reload sits right around the endpoints, so it sees pages before the app's compression does.
            if (Environment.IsDevelopment()) terminal = LiveReloadMiddleware.Create(_services, terminal, _services.GetRequiredService<AppLifetimeState>().Stopping);
            var pipeline = _pipeline.Build(terminal);
            // Outside everything the app added, so all of it (forwarded headers, static files, routes) sees the rest of the path.
            PathBaseValidator.TryNormalize(_serverOptions.PathBase, out var pathBase);
            if (pathBase.Length > 0) pipeline = new PathBaseMiddleware(pipeline, pathBase).InvokeAsync;
            // Development logs every request by default, outermost so it times the whole pipeline; an app's own
            // UseRequestLogging then stays silent for the request (HttpContext.RequestLogged), so nothing logs twice.
            if (Environment.IsDevelopment()) pipeline = RequestLoggingMiddleware.Create(_services, pipeline);
            var server = new HttpServer(_serverOptions, pipeline, _services, logger, ResolveApplicationValues());
            _server = server;
            _stopped = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            return server;
        }
    }

    /// <summary>Resolves once what requests would otherwise look up per request (and, for views, in a new scope).</summary>
    private ApplicationValues ResolveApplicationValues()
    {
        // A renderer registered scoped or transient keeps coming from the request scope; resolving it from the root would be wrong.
        var views = typeof(IViewRenderer);
        var perRequest = _services.GetService<IServiceProviderIsService>()?.IsService(views) == true
            && _services.GetService<ServiceLifetimes>()?.IsSingleton(views) == false;
        var contentRoot = _services.GetService<MicroWebEnvironment>()?.ContentRootPath ?? Directory.GetCurrentDirectory();
        _results = ResultServices.Resolve(_services, !perRequest, contentRoot);
        return new ApplicationValues(ApplicationValues.ResolveFormOptions(_services), _results);
    }

    /// <summary>
    /// Turns readiness to 503 and keeps serving for <see cref="ServerOptions.ShutdownDelay"/>; then stops accepting
    /// connections, closes idle ones, waits for in-flight requests (up to <see cref="ServerOptions.ShutdownTimeout"/>)
    /// and aborts the rest. <paramref name="cancellationToken"/> cuts both waits short.
    /// </summary>
    public async Task StopAsync(CancellationToken cancellationToken = default)
    {
        var server = _server;
        if (server is null) return;
        var first = _services.GetRequiredService<AppLifetimeState>().TryMarkStopping();
        if (first && _serverOptions.ShutdownDelay > TimeSpan.Zero && !cancellationToken.IsCancellationRequested)
        {
            Logger.LogInformation("Shutting down in {Delay}: readiness reports 503, requests are still served", _serverOptions.ShutdownDelay);
            // The delay is the feature: the load balancer needs this long to see the 503 and stop routing here.
            try
            {
                await Task.Delay(_serverOptions.ShutdownDelay, cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                // Asked to hurry: go straight to the graceful stop.
            }
        }

        Logger.LogInformation("Shutting down");
        // Event streams never finish on their own: end them now, so their connections close like idle ones.
        _results?.SignalStopping();
        await server.StopAsync(cancellationToken).ConfigureAwait(false);
        _stopped?.TrySetResult();
    }

    /// <summary>Stops the server if it runs and disposes the services.</summary>
    public async ValueTask DisposeAsync()
    {
        await StopAsync().ConfigureAwait(false);
        await _services.DisposeAsync().ConfigureAwait(false);
    }

    internal void ThrowIfStarted()
    {
        if (_server is not null) throw new InvalidOperationException("The app has already started; configure the pipeline before StartAsync or Run.");
    }
}
