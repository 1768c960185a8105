using MicroWeb.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace MicroWeb.Tests.Support;

/// <summary>
/// The app <see cref="TestServer"/> would start, served in memory by <see cref="MicroWebTestHost"/> instead
/// of on a port: for middleware, view and controller tests where the socket is not the point.
/// </summary>
internal sealed class InMemoryServer : IAsyncDisposable
{
    private InMemoryServer(MicroWebTestHost host, ListLoggerProvider logs)
    {
        Host = host;
        Logs = logs;
    }

    public MicroWebTestHost Host { get; }

    public MicroWebApp App => Host.App;

    public ListLoggerProvider Logs { get; }

    public static Task<InMemoryServer> StartAsync(
        RequestDelegate? handler,
        Action<ServerOptions>? configureServer = null,
        Action<MicroWebApp>? configurePipeline = null,
        Action<IServiceCollection>? configureServices = null,
        string[]? args = null)
    {
        var logs = new ListLoggerProvider();
        var host = MicroWebTestHost.Create(_ =>
        {
            var builder = MicroWebApp.CreateBuilder(args ?? []);
            builder.Logging.ClearProviders();
            builder.Logging.AddProvider(logs);
            builder.Logging.SetMinimumLevel(LogLevel.Debug);
            if (configureServer is not null) builder.ConfigureServer(configureServer);
            configureServices?.Invoke(builder.Services);
            var app = builder.Build();
            try
            {
                configurePipeline?.Invoke(app);
                if (handler is not null) app.Run(handler);
            }
            catch
            {
                app.DisposeAsync().AsTask().GetAwaiter().GetResult();
                throw;
            }
            return app;
        });
        // Built now, so startup errors surface here as they do from TestServer.StartAsync.
        _ = host.App;
        return Task.FromResult(new InMemoryServer(host, logs));
    }

    public HttpClient CreateClient() => Host.CreateClient();

    public ValueTask DisposeAsync() => Host.DisposeAsync();
}
