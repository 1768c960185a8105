using Microsoft.Extensions.DependencyInjection;
using MicroWeb.Server;

namespace MicroWeb.Testing;

/// <summary>
/// Runs a MicroWeb app in memory for tests: requests go through the real HTTP/1.1 parser, middleware,
/// routing and controllers over in-memory pipes, and no port is bound.
/// </summary>
/// <remarks>
/// <para>
/// Create a host from the function your Program.cs uses to build the app
/// (<see cref="Create(Func{string[], MicroWebApp})"/>), or from delegates that configure a fresh builder and
/// app (<see cref="Create(Action{MicroWebAppBuilder}?, Action{MicroWebApp})"/>). Add overrides with
/// <see cref="WithSetting"/> and <see cref="ConfigureServices"/>; the app is built and started the first time
/// it is needed (<see cref="App"/>, <see cref="Services"/>, <see cref="CreateClient()"/>,
/// <see cref="OpenConnection"/>, <see cref="SendRawAsync"/>), after which overrides can no longer be added.
/// </para>
/// <para>
/// Disposing the host aborts requests still in flight (their clients see an <see cref="HttpRequestException"/>
/// and the handlers' <c>RequestAborted</c> fires), disposes the clients it created, and disposes the app
/// and its services.
/// </para>
/// </remarks>
/// <example>
/// <code>
/// await using var host = MicroWebTestHost.Create(args => MessageBoardApp.Build(args))
///     .WithSetting("MessageBoard:Database", databasePath)
///     .ConfigureServices(services => services.AddSingleton&lt;IClock&gt;(new FixedClock()));
/// var client = host.CreateClient();
/// var html = await client.GetStringAsync("/");
/// </code>
/// </example>
public sealed class MicroWebTestHost : IAsyncDisposable
{
    private readonly Func<string[], MicroWebApp> _appFactory;
    private readonly TestAppSetup _setup;
    private readonly List<HttpClient> _clients = [];
    private readonly Lock _lock = new();
    private MicroWebApp? _app;
    private HttpServer? _server;
    private bool _disposed;

    private MicroWebTestHost(Func<string[], MicroWebApp> appFactory) : this(appFactory, new TestAppSetup())
    {
    }

    /// <summary>A host whose overrides start as <paramref name="setup"/>'s (a cluster's shared ones); it owns <paramref name="setup"/>.</summary>
    internal MicroWebTestHost(Func<string[], MicroWebApp> appFactory, TestAppSetup setup)
    {
        _appFactory = appFactory;
        _setup = setup;
    }

    /// <summary>
    /// A host for the app <paramref name="appFactory"/> builds, typically the method Program.cs calls:
    /// <c>MicroWebTestHost.Create(args =&gt; MyApp.Build(args))</c>.
    /// </summary>
    /// <param name="appFactory">
    /// Builds the app with <see cref="MicroWebApp.CreateBuilder"/> and returns it without running it. It is
    /// called once, on first use, with no command-line arguments: use <see cref="WithSetting"/> for what
    /// would come from the command line. The test host's settings and services reach the builder it creates
    /// during that call.
    /// </param>
    public static MicroWebTestHost Create(Func<string[], MicroWebApp> appFactory)
    {
        ArgumentNullException.ThrowIfNull(appFactory);
        return new MicroWebTestHost(appFactory);
    }

    /// <summary>A host for an app configured inline: <c>MicroWebTestHost.Create(app =&gt; app.MapGet("/", () =&gt; "hi"))</c>.</summary>
    /// <param name="configureApp">Adds middleware and routes to the built app.</param>
    public static MicroWebTestHost Create(Action<MicroWebApp> configureApp) => Create(null, configureApp);

    /// <summary>A host for an app configured inline, with access to the builder (services, logging, server options) first.</summary>
    /// <param name="configureBuilder">Configures the builder before <see cref="MicroWebAppBuilder.Build"/>; may be null.</param>
    /// <param name="configureApp">Adds middleware and routes to the built app.</param>
    public static MicroWebTestHost Create(Action<MicroWebAppBuilder>? configureBuilder, Action<MicroWebApp> configureApp) =>
        new(TestAppSetup.InlineFactory(configureBuilder, configureApp));

    /// <summary>
    /// Sets a configuration value that wins over appsettings files, environment variables and the command
    /// line, and is visible while the app reads configuration before <c>Build()</c>. <c>Environment</c>
    /// and <c>ContentRoot</c> work too. A later call for the same key wins.
    /// </summary>
    /// <param name="key">The key, sections separated by <c>:</c>, such as <c>Server:MaxRequestBodySize</c>.</param>
    /// <param name="value">The value; null removes the key's value.</param>
    /// <returns>This host, for chaining.</returns>
    /// <exception cref="InvalidOperationException">The app has already been built.</exception>
    public MicroWebTestHost WithSetting(string key, string? value)
    {
        ArgumentException.ThrowIfNullOrEmpty(key);
        lock (_lock)
        {
            ThrowIfBuilt();
            _setup.AddSetting(key, value);
        }
        return this;
    }

    /// <summary>Sets several configuration values, as <see cref="WithSetting"/> does for one.</summary>
    /// <returns>This host, for chaining.</returns>
    /// <exception cref="InvalidOperationException">The app has already been built.</exception>
    public MicroWebTestHost WithSettings(IEnumerable<KeyValuePair<string, string?>> settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        foreach (var (key, value) in settings) WithSetting(key, value);
        return this;
    }

    /// <summary>
    /// Registers services after the app's own registrations and MicroWeb's defaults, so a registration
    /// here replaces theirs (the last registration of a service type is the one resolved). Calls run in order.
    /// </summary>
    /// <returns>This host, for chaining.</returns>
    /// <exception cref="InvalidOperationException">The app has already been built.</exception>
    public MicroWebTestHost ConfigureServices(Action<IServiceCollection> configure)
    {
        ArgumentNullException.ThrowIfNull(configure);
        lock (_lock)
        {
            ThrowIfBuilt();
            _setup.AddServices(configure);
        }
        return this;
    }

    /// <summary>
    /// The app, built and started in memory on first access. Its <see cref="MicroWebApp.Urls"/> is empty:
    /// nothing listens on a port.
    /// </summary>
    /// <exception cref="ObjectDisposedException">The host has been disposed.</exception>
    public MicroWebApp App
    {
        get
        {
            EnsureStarted();
            return _app!;
        }
    }

    /// <summary>The app's root service provider, for arranging state before requests and checking it after.</summary>
    /// <exception cref="ObjectDisposedException">The host has been disposed.</exception>
    public IServiceProvider Services => App.Services;

    /// <summary>
    /// An <see cref="HttpClient"/> whose requests are serialised to HTTP/1.1 and served by the app over
    /// in-memory connections. Base address <c>http://localhost/</c>; cookies are kept and redirects followed.
    /// </summary>
    public HttpClient CreateClient() => CreateClient(new MicroWebTestClientOptions());

    /// <summary>An <see cref="HttpClient"/> served by the app over in-memory connections, set up by <paramref name="options"/>.</summary>
    /// <exception cref="ObjectDisposedException">The host has been disposed.</exception>
    public HttpClient CreateClient(MicroWebTestClientOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentOutOfRangeException.ThrowIfNegative(options.MaxAutomaticRedirections);
        EnsureStarted();

        var client = TestAppSetup.CreateClient(options, new TestHostHandler(Connect));
        lock (_lock)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            _clients.Add(client);
        }
        return client;
    }

    /// <summary>Opens a raw in-memory connection to the app for protocol tests.</summary>
    /// <exception cref="ObjectDisposedException">The host has been disposed.</exception>
    public MicroWebTestConnection OpenConnection() => new(Connect());

    /// <summary>
    /// Sends <paramref name="request"/> (UTF-8) on a new connection, then ends the request stream as a
    /// client half-closing its socket would, and returns everything the server sends until it closes,
    /// decoded as UTF-8: one response, or several for pipelined requests.
    /// </summary>
    /// <param name="request">The raw bytes, such as <c>"GET / HTTP/1.1\r\nHost: x\r\n\r\n"</c>.</param>
    /// <param name="cancellationToken">Cancels the exchange.</param>
    /// <exception cref="TimeoutException">The server did not close the connection within 30 seconds.</exception>
    public async Task<string> SendRawAsync(string request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        await using var connection = OpenConnection();
        await connection.SendAsync(request, cancellationToken).ConfigureAwait(false);
        connection.ShutdownSend();
        return await connection.ReadToEndAsync(cancellationToken).ConfigureAwait(false);
    }

    internal ClientConnection Connect()
    {
        EnsureStarted();
        return new ClientConnection(_server!.ConnectInMemory());
    }

    private void EnsureStarted()
    {
        lock (_lock)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (_server is not null) return;

            (_app, _server) = _setup.Start(_appFactory);
        }
    }

    private void ThrowIfBuilt()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (_app is not null) throw new InvalidOperationException("The app has already been built; add settings and services before the first request, App or Services.");
    }

    /// <summary>
    /// Aborts requests in flight, disposes the clients this host created, and disposes the app and its
    /// services. Safe to call more than once.
    /// </summary>
    public ValueTask DisposeAsync() => ShutdownAsync(graceful: false);

    /// <summary>Builds and starts the app now, if it has not been yet.</summary>
    internal void Start() => EnsureStarted();

    /// <summary>
    /// Disposes the host. Graceful: the server stops accepting connections, closes idle ones and waits for
    /// requests in flight (up to <c>Server:ShutdownTimeout</c>); else those requests are aborted at once.
    /// </summary>
    internal async ValueTask ShutdownAsync(bool graceful)
    {
        MicroWebApp? app;
        HttpClient[] clients;
        lock (_lock)
        {
            if (_disposed) return;
            _disposed = true;
            app = _app;
            clients = [.. _clients];
            _clients.Clear();
        }
        if (app is not null)
        {
            // Not graceful: an already-cancelled token, no grace period, in-flight requests are aborted now.
            await app.StopAsync(new CancellationToken(canceled: !graceful)).ConfigureAwait(false);
        }
        foreach (var client in clients) client.Dispose();
        if (app is not null) await app.DisposeAsync().ConfigureAwait(false);
    }
}
