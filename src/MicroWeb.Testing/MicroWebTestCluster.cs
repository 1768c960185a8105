using System.Globalization;
using Microsoft.Extensions.DependencyInjection;

namespace MicroWeb.Testing;

/// <summary>
/// Runs several in-memory instances of one MicroWeb app, as behind a load balancer, so a test can check
/// the app scales out: that a cookie, a form's antiforgery token or a session made on one instance works on
/// another, that nothing is kept only in one instance's memory, and that requests keep succeeding while
/// an instance is killed or restarted (with a rotated key list, say).
/// </summary>
/// <remarks>
/// <para>
/// Every instance is built from the same delegate with the same overrides (<see cref="WithSetting"/>,
/// <see cref="ConfigureServices"/>), exactly as <see cref="MicroWebTestHost"/> builds one; each has its
/// own services, singletons included, like separate processes. Whatever the instances must share (a
/// database file, <c>Security:Keys</c>) has to come from the settings, as in production. The instances are
/// built and started the first time the cluster is used (<see cref="CreateClient()"/>,
/// <see cref="GetHost"/>, <see cref="IsRunning"/> and the lifecycle methods), after which overrides can no
/// longer be added.
/// </para>
/// <para>
/// <see cref="CreateClient()"/> gives a client that sends each request to the next running instance in
/// turn, with one cookie jar for all of them, like a browser behind a round-robin load balancer; every
/// response carries the index of the instance that served it in <see cref="InstanceHeader"/>
/// (see <see cref="InstanceOf"/>). <see cref="CreateClient(int)"/> targets one instance.
/// </para>
/// <para>
/// Disposing the cluster aborts requests still in flight and disposes every instance and the clients.
/// </para>
/// </remarks>
/// <example>
/// <code>
/// await using var cluster = MicroWebTestCluster.Create(3, args => MyApp.Build(args))
///     .WithSetting("Security:Keys:0", key);
/// var client = cluster.CreateClient();
/// await client.PostAsync("/login", form);                 // instance 0 sets the cookie
/// var me = await client.GetStringAsync("/me");           // instance 1 must accept it
/// await cluster.KillAsync(2);
/// var again = await client.GetStringAsync("/me");        // served by 0 or 1
/// </code>
/// </example>
public sealed class MicroWebTestCluster : IAsyncDisposable
{
    /// <summary>
    /// The response header the cluster's clients add to every response (it is not sent by the app): the
    /// index of the instance that served the request, such as <c>0</c>.
    /// </summary>
    public const string InstanceHeader = "X-MicroWeb-Test-Instance";

    private readonly Func<string[], MicroWebApp> _appFactory;
    private readonly TestAppSetup _setup = new();
    private readonly MicroWebTestHost?[] _hosts;
    private readonly List<HttpClient> _clients = [];
    private readonly Lock _lock = new();
    private bool _started;
    private bool _disposed;

    private MicroWebTestCluster(int count, Func<string[], MicroWebApp> appFactory)
    {
        _appFactory = appFactory;
        _hosts = new MicroWebTestHost?[count];
    }

    /// <summary>
    /// A cluster of <paramref name="count"/> instances of the app <paramref name="appFactory"/> builds,
    /// typically the method Program.cs calls: <c>MicroWebTestCluster.Create(3, args =&gt; MyApp.Build(args))</c>.
    /// </summary>
    /// <param name="count">How many instances; at least 1.</param>
    /// <param name="appFactory">
    /// Builds the app as for <see cref="MicroWebTestHost.Create(Func{string[], MicroWebApp})"/>; it is called once per
    /// instance started (and again on every <see cref="RestartAsync"/>).
    /// </param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="count"/> is less than 1.</exception>
    public static MicroWebTestCluster Create(int count, Func<string[], MicroWebApp> appFactory)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        ArgumentNullException.ThrowIfNull(appFactory);
        return new MicroWebTestCluster(count, appFactory);
    }

    /// <summary>A cluster of <paramref name="count"/> instances of an app configured inline.</summary>
    /// <param name="count">How many instances; at least 1.</param>
    /// <param name="configureApp">Adds middleware and routes to each instance's built app.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="count"/> is less than 1.</exception>
    public static MicroWebTestCluster Create(int count, Action<MicroWebApp> configureApp) => Create(count, null, configureApp);

    /// <summary>A cluster of <paramref name="count"/> instances of an app configured inline, with access to each builder first.</summary>
    /// <param name="count">How many instances; at least 1.</param>
    /// <param name="configureBuilder">Configures each instance's builder before <see cref="MicroWebAppBuilder.Build"/>; may be null.</param>
    /// <param name="configureApp">Adds middleware and routes to each instance's built app.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="count"/> is less than 1.</exception>
    public static MicroWebTestCluster Create(int count, Action<MicroWebAppBuilder>? configureBuilder, Action<MicroWebApp> configureApp) =>
        Create(count, TestAppSetup.InlineFactory(configureBuilder, configureApp));

    /// <summary>How many instances the cluster has, running or not.</summary>
    public int Count => _hosts.Length;

    /// <summary>Sets a configuration value for every instance, as <see cref="MicroWebTestHost.WithSetting"/> does for one.</summary>
    /// <param name="key">The key, sections separated by <c>:</c>, such as <c>Security:Keys:0</c>.</param>
    /// <param name="value">The value; null removes the key's value.</param>
    /// <returns>This cluster, for chaining.</returns>
    /// <exception cref="InvalidOperationException">The instances have already been started.</exception>
    public MicroWebTestCluster WithSetting(string key, string? value)
    {
        ArgumentException.ThrowIfNullOrEmpty(key);
        lock (_lock)
        {
            ThrowIfStarted();
            _setup.AddSetting(key, value);
        }
        return this;
    }

    /// <summary>Sets several configuration values for every instance, as <see cref="WithSetting"/> does for one.</summary>
    /// <returns>This cluster, for chaining.</returns>
    /// <exception cref="InvalidOperationException">The instances have already been started.</exception>
    public MicroWebTestCluster WithSettings(IEnumerable<KeyValuePair<string, string?>> settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        foreach (var (key, value) in settings) WithSetting(key, value);
        return this;
    }

    /// <summary>
    /// Registers services in every instance, as <see cref="MicroWebTestHost.ConfigureServices"/> does for one.
    /// <paramref name="configure"/> runs once per instance built, so a singleton registered by type is one
    /// per instance; register an instance (<c>AddSingleton(obj)</c>) to share one object across them.
    /// </summary>
    /// <returns>This cluster, for chaining.</returns>
    /// <exception cref="InvalidOperationException">The instances have already been started.</exception>
    public MicroWebTestCluster ConfigureServices(Action<IServiceCollection> configure)
    {
        ArgumentNullException.ThrowIfNull(configure);
        lock (_lock)
        {
            ThrowIfStarted();
            _setup.AddServices(configure);
        }
        return this;
    }

    /// <summary>Whether instance <paramref name="instance"/> is running: started, and not killed or stopped since.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="instance"/> is not between 0 and <see cref="Count"/> - 1.</exception>
    /// <exception cref="ObjectDisposedException">The cluster has been disposed.</exception>
    public bool IsRunning(int instance)
    {
        CheckIndex(instance);
        lock (_lock)
        {
            EnsureStarted();
            return _hosts[instance] is not null;
        }
    }

    /// <summary>
    /// The test host running instance <paramref name="instance"/>, for its <see cref="MicroWebTestHost.Services"/>
    /// or a raw <see cref="MicroWebTestHost.OpenConnection"/>. A restart replaces it with a new host; adding
    /// overrides to it throws, since it has started.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="instance"/> is not between 0 and <see cref="Count"/> - 1.</exception>
    /// <exception cref="InvalidOperationException">The instance is not running.</exception>
    /// <exception cref="ObjectDisposedException">The cluster has been disposed.</exception>
    public MicroWebTestHost GetHost(int instance)
    {
        CheckIndex(instance);
        lock (_lock)
        {
            EnsureStarted();
            return _hosts[instance] ?? throw new InvalidOperationException($"Instance {instance} is not running.");
        }
    }

    /// <summary>
    /// A client that sends each request to the next running instance in turn (stopped ones are skipped),
    /// keeping one cookie jar across all of them and following redirects, like a browser behind a round-robin
    /// load balancer. A redirect is followed through the balancer too, so usually by another instance.
    /// </summary>
    /// <exception cref="ObjectDisposedException">The cluster has been disposed.</exception>
    public HttpClient CreateClient() => CreateClient(new MicroWebTestClientOptions());

    /// <summary>A round-robin client (see <see cref="CreateClient()"/>) set up by <paramref name="options"/>; its cookie jar is shared by all instances.</summary>
    /// <exception cref="ObjectDisposedException">The cluster has been disposed.</exception>
    public HttpClient CreateClient(MicroWebTestClientOptions options) => CreateClient(options, instance: null);

    /// <summary>
    /// A client whose requests all go to instance <paramref name="instance"/>, and after a restart to the
    /// instance's new host. While the instance is not running, its requests fail with
    /// <see cref="HttpRequestException"/>, as a refused connection would.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="instance"/> is not between 0 and <see cref="Count"/> - 1.</exception>
    /// <exception cref="ObjectDisposedException">The cluster has been disposed.</exception>
    public HttpClient CreateClient(int instance) => CreateClient(instance, new MicroWebTestClientOptions());

    /// <summary>A client for instance <paramref name="instance"/> only (see <see cref="CreateClient(int)"/>), set up by <paramref name="options"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="instance"/> is not between 0 and <see cref="Count"/> - 1.</exception>
    /// <exception cref="ObjectDisposedException">The cluster has been disposed.</exception>
    public HttpClient CreateClient(int instance, MicroWebTestClientOptions options)
    {
        CheckIndex(instance);
        return CreateClient(options, instance);
    }

    private HttpClient CreateClient(MicroWebTestClientOptions options, int? instance)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentOutOfRangeException.ThrowIfNegative(options.MaxAutomaticRedirections);
        lock (_lock)
        {
            EnsureStarted();
            var client = TestAppSetup.CreateClient(options, new ClusterHandler(this, instance));
            _clients.Add(client);
            return client;
        }
    }

    /// <summary>
    /// The index of the instance that served <paramref name="response"/> (from <see cref="InstanceHeader"/>),
    /// or null when the response did not come through a cluster's client.
    /// </summary>
    public static int? InstanceOf(HttpResponseMessage response)
    {
        ArgumentNullException.ThrowIfNull(response);
        return response.Headers.TryGetValues(InstanceHeader, out var values)
            && int.TryParse(values.FirstOrDefault(), NumberStyles.None, CultureInfo.InvariantCulture, out var instance)
            ? instance
            : null;
    }

    /// <summary>
    /// Kills instance <paramref name="instance"/> abruptly, as a crash or <c>kill -9</c> would: it leaves the
    /// rotation at once, its in-memory connections are aborted with no grace period (requests in flight on
    /// it fail with <see cref="HttpRequestException"/>, like a reset connection, and their handlers'
    /// <c>RequestAborted</c> fires), and its app and services are disposed. Unlike a real crash, disposal
    /// runs: <c>IDisposable</c> services are disposed. Does nothing if the instance is not running.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="instance"/> is not between 0 and <see cref="Count"/> - 1.</exception>
    /// <exception cref="ObjectDisposedException">The cluster has been disposed.</exception>
    public ValueTask KillAsync(int instance) => TakeDownAsync(instance, graceful: false);

    /// <summary>
    /// Stops instance <paramref name="instance"/> gracefully, as SIGTERM would: it leaves the rotation at once
    /// (new requests go to the others), then its server stops accepting connections, closes idle ones and
    /// waits for requests in flight to finish (up to <c>Server:ShutdownTimeout</c>, then they are aborted),
    /// after which its app and services are disposed. Does nothing if the instance is not running.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="instance"/> is not between 0 and <see cref="Count"/> - 1.</exception>
    /// <exception cref="ObjectDisposedException">The cluster has been disposed.</exception>
    public ValueTask StopAsync(int instance) => TakeDownAsync(instance, graceful: true);

    /// <summary>
    /// Replaces instance <paramref name="instance"/> with a fresh one built from the same delegate and the
    /// cluster's overrides: a running instance is first stopped gracefully (<see cref="StopAsync"/>; call
    /// <see cref="KillAsync"/> first for a crash and restart). <paramref name="configure"/> can add overrides
    /// for the new instance only, after the shared ones, so they win: a rotated <c>Security:Keys</c> list, say.
    /// </summary>
    /// <param name="instance">The instance's index.</param>
    /// <param name="configure">Adds settings or services to the new instance's host before it starts; may be null.</param>
    /// <returns>The new instance's host, started.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="instance"/> is not between 0 and <see cref="Count"/> - 1.</exception>
    /// <exception cref="ObjectDisposedException">The cluster has been disposed.</exception>
    public async Task<MicroWebTestHost> RestartAsync(int instance, Action<MicroWebTestHost>? configure = null)
    {
        await StopAsync(instance).ConfigureAwait(false);
        MicroWebTestHost host;
        lock (_lock)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            host = NewHost();
        }
        try
        {
            configure?.Invoke(host);
            host.Start();
        }
        catch
        {
            await host.DisposeAsync().ConfigureAwait(false);
            throw;
        }
        MicroWebTestHost? raced;
        lock (_lock)
        {
            raced = _disposed ? host : _hosts[instance];
            if (!_disposed && raced is null) _hosts[instance] = host;
        }
        if (raced is not null)
        {
            await host.DisposeAsync().ConfigureAwait(false);
            ObjectDisposedException.ThrowIf(_disposed, this);
            throw new InvalidOperationException($"Instance {instance} was restarted concurrently.");
        }
        return host;
    }

    private async ValueTask TakeDownAsync(int instance, bool graceful)
    {
        CheckIndex(instance);
        MicroWebTestHost? host;
        lock (_lock)
        {
            EnsureStarted();
            host = _hosts[instance];
            _hosts[instance] = null;
        }
        if (host is not null) await host.ShutdownAsync(graceful).ConfigureAwait(false);
    }

    /// <summary>The host serving instance <paramref name="instance"/>, or null when it is not running.</summary>
    internal MicroWebTestHost? Host(int instance)
    {
        lock (_lock)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            return _hosts[instance];
        }
    }

    /// <summary>The running instance at or after <paramref name="start"/> in turn, or null when none runs.</summary>
    internal (int Index, MicroWebTestHost Host)? NextRunning(int start)
    {
        lock (_lock)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            for (var i = 0; i < _hosts.Length; i++)
            {
                var index = (start + i) % _hosts.Length;
                if (_hosts[index] is { } host) return (index, host);
            }
            return null;
        }
    }

    private MicroWebTestHost NewHost() => new(_appFactory, new TestAppSetup(_setup));

    private void EnsureStarted()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (_started) return;
        try
        {
            for (var i = 0; i < _hosts.Length; i++)
            {
                var host = NewHost();
                _hosts[i] = host;
                host.Start();
            }
        }
        catch
        {
            foreach (var host in _hosts) host?.DisposeAsync().AsTask().GetAwaiter().GetResult();
            Array.Clear(_hosts);
            throw;
        }
        _started = true;
    }

    private void ThrowIfStarted()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (_started) throw new InvalidOperationException("The instances have already been started; add settings and services before the first client, host or lifecycle call.");
    }

    private void CheckIndex(int instance)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(instance);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(instance, _hosts.Length);
    }

    /// <summary>
    /// Aborts requests in flight on every instance, disposes the clients this cluster created, and disposes
    /// every instance's app and services. Safe to call more than once.
    /// </summary>
    public async ValueTask DisposeAsync()
    {
        MicroWebTestHost?[] hosts;
        HttpClient[] clients;
        lock (_lock)
        {
            if (_disposed) return;
            _disposed = true;
            hosts = [.. _hosts];
            Array.Clear(_hosts);
            clients = [.. _clients];
            _clients.Clear();
        }
        foreach (var host in hosts)
        {
            if (host is not null) await host.DisposeAsync().ConfigureAwait(false);
        }
        foreach (var client in clients) client.Dispose();
    }
}
