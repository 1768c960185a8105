using System.Net;
using Microsoft.Extensions.DependencyInjection;
using MicroWeb.Hosting;
using MicroWeb.Server;

namespace MicroWeb.Testing;

/// <summary>
/// What <see cref="MicroWebTestHost"/> and <see cref="MicroWebTestCluster"/> share: the setting and service
/// overrides a test adds, building and starting an app in memory under them, and composing a client's handlers.
/// Not thread-safe: callers lock.
/// </summary>
internal sealed class TestAppSetup
{
    private readonly List<KeyValuePair<string, string?>> _settings = [];
    private readonly List<Action<IServiceCollection>> _serviceConfigurations = [];

    public TestAppSetup()
    {
    }

    /// <summary>A copy of <paramref name="other"/>'s overrides, to which more can be added without changing it.</summary>
    public TestAppSetup(TestAppSetup other)
    {
        _settings.AddRange(other._settings);
        _serviceConfigurations.AddRange(other._serviceConfigurations);
    }

    public void AddSetting(string key, string? value) => _settings.Add(new(key, value));

    public void AddServices(Action<IServiceCollection> configure) => _serviceConfigurations.Add(configure);

    /// <summary>The factory for an app configured inline, as <see cref="MicroWebTestHost.Create(Action{MicroWebAppBuilder}?, Action{MicroWebApp})"/> takes it.</summary>
    public static Func<string[], MicroWebApp> InlineFactory(Action<MicroWebAppBuilder>? configureBuilder, Action<MicroWebApp> configureApp)
    {
        ArgumentNullException.ThrowIfNull(configureApp);
        return args =>
        {
            var builder = MicroWebApp.CreateBuilder(args);
            configureBuilder?.Invoke(builder);
            var app = builder.Build();
            try
            {
                configureApp(app);
            }
            catch
            {
                app.DisposeAsync().AsTask().GetAwaiter().GetResult();
                throw;
            }
            return app;
        };
    }

    /// <summary>Calls <paramref name="appFactory"/> with these overrides in effect and starts the app it returns in memory.</summary>
    public (MicroWebApp App, HttpServer Server) Start(Func<string[], MicroWebApp> appFactory)
    {
        var overrides = new BuilderOverrides(LastValues(_settings), [.. _serviceConfigurations]);
        MicroWebApp app;
        using (BuilderOverrides.Push(overrides))
        {
            app = appFactory([]) ?? throw new InvalidOperationException("The app factory returned null.");
        }
        if (!ReferenceEquals(app.Overrides, overrides))
        {
            throw new InvalidOperationException(
                "The app factory returned an app that was not built by MicroWebApp.CreateBuilder(...).Build() during the call, " +
                "so the test host's settings and services could not be applied. Build the app inside the factory.");
        }
        try
        {
            return (app, app.StartInMemory());
        }
        catch
        {
            // Composing the pipeline failed (an ambiguous route, say): do not leak the app's services.
            app.DisposeAsync().AsTask().GetAwaiter().GetResult();
            throw;
        }
    }

    /// <summary>
    /// One entry per key, the last value set for it (configuration keys ignore case): the in-memory source
    /// the builder reads them with throws on a repeated key.
    /// </summary>
    private static KeyValuePair<string, string?>[] LastValues(List<KeyValuePair<string, string?>> settings)
    {
        var last = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < settings.Count; i++) last[settings[i].Key] = i;
        return [.. settings.Where((setting, i) => last[setting.Key] == i)];
    }

    /// <summary>An <see cref="HttpClient"/> over <paramref name="transport"/>, with the cookie and redirect handling <paramref name="options"/> asks for.</summary>
    public static HttpClient CreateClient(MicroWebTestClientOptions options, HttpMessageHandler transport)
    {
        var handler = transport;
        if (options.HandleCookies) handler = new CookieHandler(options.CookieContainer ?? new CookieContainer()) { InnerHandler = handler };
        if (options.AllowAutoRedirect && options.MaxAutomaticRedirections > 0) handler = new RedirectHandler(options.MaxAutomaticRedirections) { InnerHandler = handler };
        return new HttpClient(handler) { BaseAddress = options.BaseAddress };
    }
}
