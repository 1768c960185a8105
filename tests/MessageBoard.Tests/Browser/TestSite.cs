using MicroWeb;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace MessageBoard.Tests.Browser;

/// <summary>A small MicroWeb app on 127.0.0.1 with an ephemeral port: its own origin, for pages and APIs a browser test needs.</summary>
internal sealed class TestSite : IAsyncDisposable
{
    private TestSite(MicroWebApp app)
    {
        App = app;
        BaseAddress = new Uri($"http://127.0.0.1:{new Uri(app.Urls[0]).Port}/");
    }

    public MicroWebApp App { get; }

    public Uri BaseAddress { get; }

    /// <summary>The serialized origin a browser sends for pages of this site (scheme://host:port, no slash).</summary>
    public string Origin => BaseAddress.GetLeftPart(UriPartial.Authority);

    public static async Task<TestSite> StartAsync(Action<MicroWebApp> configure, Action<IServiceCollection>? services = null)
    {
        var builder = MicroWebApp.CreateBuilder([]);
        builder.Logging.ClearProviders();
        builder.ConfigureServer(options => options.Urls = "http://127.0.0.1:0");
        services?.Invoke(builder.Services);
        var app = builder.Build();
        configure(app);
        await app.StartAsync();
        return new TestSite(app);
    }

    /// <summary>Answers <paramref name="path"/> with an HTML page.</summary>
    public static void Page(MicroWebApp app, string path, string html) => app.MapGet(path, (HttpContext context) =>
    {
        context.Response.ContentType = "text/html; charset=utf-8";
        return context.Response.WriteAsync(html).AsTask();
    });

    public async ValueTask DisposeAsync() => await App.DisposeAsync();
}
