using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace MicroWeb.Tests.Support;

/// <summary>A real MicroWeb server on 127.0.0.1 with an ephemeral port, for integration tests.</summary>
internal sealed class TestServer : IAsyncDisposable
{
    private TestServer(MicroWebApp app, ListLoggerProvider logs)
    {
        App = app;
        Logs = logs;
        var url = new Uri(app.Urls[0]);
        Port = url.Port;
        BaseAddress = new Uri($"{url.Scheme}://127.0.0.1:{Port}/");
    }

    public MicroWebApp App { get; }

    public ListLoggerProvider Logs { get; }

    public int Port { get; }

    public Uri BaseAddress { get; }

    public static async Task<TestServer> StartAsync(
        RequestDelegate? handler,
        Action<ServerOptions>? configureServer = null,
        Action<MicroWebApp>? configurePipeline = null,
        Action<IServiceCollection>? configureServices = null,
        string[]? args = null)
    {
        var builder = MicroWebApp.CreateBuilder(args ?? []);
        var logs = new ListLoggerProvider();
        builder.Logging.ClearProviders();
        builder.Logging.AddProvider(logs);
        builder.Logging.SetMinimumLevel(LogLevel.Debug);
        builder.ConfigureServer(options =>
        {
            options.Urls = "http://127.0.0.1:0";
            configureServer?.Invoke(options);
        });
        configureServices?.Invoke(builder.Services);
        var app = builder.Build();
        configurePipeline?.Invoke(app);
        if (handler is not null) app.Run(handler);
        await app.StartAsync();
        return new TestServer(app, logs);
    }

    public HttpClient CreateClient() => new() { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(30) };

    public Task<RawConnection> ConnectAsync() => RawConnection.OpenAsync(Port);

    public async ValueTask DisposeAsync() => await App.DisposeAsync();
}
