using System.Diagnostics.Metrics;
using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using Microsoft.Extensions.DependencyInjection;
using MicroWeb.Server;
using MicroWeb.Tests.Support;
using OpenTelemetry;
using OpenTelemetry.Metrics;

namespace MicroWeb.Tests.Server;

/// <summary>
/// The server's metrics as an app exports them: through the OpenTelemetry SDK (in-memory exporter), from a real
/// server. Metrics are process-wide by name, so the provider lives for one test only, connection metrics are
/// filtered by this server's port, and the fixture keeps other tests out of its way.
/// </summary>
[NonParallelizable]
public class MetricsTests
{
    private static readonly double[] s_semconvBuckets = [0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5, 0.75, 1, 2.5, 5, 7.5, 10];

    [Test]
    public async Task Metrics_record_request_duration_with_semconv_attributes_active_requests_connections_and_rejections()
    {
        var exported = new List<MetricSnapshot>();
        using var meters = Sdk.CreateMeterProviderBuilder()
            .AddMeter(MicroWebDiagnostics.MeterName)
            .AddInMemoryExporter(exported)
            .Build();

        var entered = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        int port;
        await using (var server = await TestServer.StartAsync(null, configurePipeline: app =>
        {
            app.MapGet("/users/{id}", (int id) => $"user {id}");
            app.MapGet("/boom", string () => throw new InvalidOperationException("boom"));
            app.MapGet("/slow", async () =>
            {
                entered.SetResult();
                await release.Task;
                return "slow";
            });
        }))
        {
            port = server.Port;
            using var client = server.CreateClient();
            Assert.That((await client.GetAsync("/users/42")).StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That((await client.GetAsync("/users/7")).StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That((await client.GetAsync("/nowhere")).StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
            Assert.That((await client.GetAsync("/boom")).StatusCode, Is.EqualTo(HttpStatusCode.InternalServerError));

            // While a request runs it is active.
            using var slowClient = server.CreateClient();
            var slow = slowClient.GetStringAsync("/slow");
            await entered.Task;
            meters.ForceFlush();
            Assert.That(Sum(Last(exported, "http.server.active_requests"), ("http.request.method", "GET"), ("url.scheme", "http")), Is.EqualTo(1));
            release.SetResult();
            Assert.That(await slow, Is.EqualTo("slow"));

            // A malformed head: rejected by the server, never reaching the app.
            using var raw = await server.ConnectAsync();
            await raw.SendAsync("GET / HTTP/1.1\r\nHost : t\r\n\r\n");
            Assert.That((await raw.ReadResponseAsync()).StatusCode, Is.EqualTo(400));
        }
        // The server has stopped: every request and connection has ended and been recorded.
        meters.ForceFlush();

        var duration = Last(exported, "http.server.request.duration");
        Assert.That(duration.Unit, Is.EqualTo("s"));
        var matched = Point(duration, ("http.route", "/users/{id}"));
        Assert.That(matched.GetHistogramCount(), Is.EqualTo(2), "both /users requests, under one route");
        AssertTags(matched, ("http.request.method", "GET"), ("http.response.status_code", 200), ("url.scheme", "http"), ("network.protocol.version", "1.1"));
        Assert.That(TagKeys(matched), Does.Not.Contain("error.type"));
        var bounds = new List<double>();
        foreach (var bucket in matched.GetHistogramBuckets()) bounds.Add(bucket.ExplicitBound);
        Assert.That(bounds, Is.EqualTo(s_semconvBuckets.Append(double.PositiveInfinity)), "the semconv advice's bucket boundaries");

        var notFound = Point(duration, ("http.response.status_code", 404));
        Assert.That(notFound.GetHistogramCount(), Is.EqualTo(1));
        Assert.That(TagKeys(notFound), Does.Not.Contain("http.route"), "no route matched");

        var failed = Point(duration, ("http.route", "/boom"));
        AssertTags(failed, ("http.response.status_code", 500), ("error.type", "System.InvalidOperationException"));

        Assert.That(Sum(Last(exported, "http.server.active_requests"), ("http.request.method", "GET"), ("url.scheme", "http")), Is.EqualTo(0), "active requests back to 0");

        var rejected = Last(exported, "microweb.server.rejected_requests");
        Assert.That(Sum(rejected, ("error.type", nameof(RequestRejectionReason.WhitespaceBeforeColon)), ("server.port", port)), Is.EqualTo(1));

        var connections = Sum(Last(exported, "microweb.server.connections"), ("server.port", port), ("network.transport", "tcp"));
        Assert.That(connections, Is.GreaterThanOrEqualTo(3), "at least the two clients' connections and the raw one");
        var connectionDuration = Point(Last(exported, "microweb.server.connection.duration"), ("server.port", port));
        Assert.That(connectionDuration.GetHistogramCount(), Is.EqualTo(connections));
        AssertTags(connectionDuration, ("network.type", "ipv4"), ("server.address", "127.0.0.1"));
        Assert.That(Sum(Last(exported, "microweb.server.active_connections"), ("server.port", port)), Is.EqualTo(0), "active connections back to 0");
    }

    [Test]
    public async Task Metrics_through_a_MeterListener_count_connections_refused_over_the_limit_on_the_apps_own_meter_factory()
    {
        using var factory = new TestMeterFactory();
        using var listener = new ScopedListener(factory);
        await using var server = await TestServer.StartAsync(context => context.Response.WriteAsync("ok").AsTask(),
            o => o.MaxConcurrentConnections = 1,
            configureServices: services => services.AddSingleton<IMeterFactory>(factory));
        using var first = await server.ConnectAsync();
        await first.SendAsync("GET / HTTP/1.1\r\nHost: t\r\n\r\n");
        Assert.That((await first.ReadResponseAsync()).StatusCode, Is.EqualTo(200));

        using var second = await server.ConnectAsync();
        await second.SendAsync("GET / HTTP/1.1\r\nHost: t\r\n\r\n");
        Assert.That((await second.ReadResponseAsync()).StatusCode, Is.EqualTo(503));

        Assert.That(listener.Total("microweb.server.rejected_connections"), Is.EqualTo(1));
        Assert.That(listener.Total("microweb.server.active_connections"), Is.EqualTo(1), "the first connection, still open");
        Assert.That(listener.Total("http.server.active_requests"), Is.EqualTo(0));
        Assert.That(listener.Count("http.server.request.duration"), Is.EqualTo(1));
    }

    [Test]
    public async Task Metrics_count_the_real_servers_tls_handshakes_and_failures()
    {
        using var certificate = TestCertificate.Create();
        using var factory = new TestMeterFactory();
        using var listener = new ScopedListener(factory);
        await using var server = await TestServer.StartAsync(context => context.Response.WriteAsync("ok").AsTask(),
            options =>
            {
                options.Urls = "https://127.0.0.1:0";
                options.Certificate = certificate.Certificate;
            },
            configureServices: services => services.AddSingleton<IMeterFactory>(factory));

        using (var tcp = new TcpClient())
        {
            await tcp.ConnectAsync(IPAddress.Loopback, server.Port);
            await using var ssl = new SslStream(tcp.GetStream());
            await ssl.AuthenticateAsClientAsync(new SslClientAuthenticationOptions
            {
                TargetHost = "localhost",
                RemoteCertificateValidationCallback = (_, _, _, _) => true,
            });
            await server.Logs.WaitForAsync(m => m.Contains("TLS handshake completed", StringComparison.Ordinal), TimeSpan.FromSeconds(15));
        }

        using (var tcp = new TcpClient())
        {
            // A TLS handshake record header (type 22) followed by nonsense: the handshake fails.
            await tcp.ConnectAsync(IPAddress.Loopback, server.Port);
            await tcp.GetStream().WriteAsync(new byte[] { 22, 3, 1, 0, 5, 1, 2, 3, 4, 5, 6, 7, 8 });
            await server.Logs.WaitForAsync(m => m.Contains("TLS handshake failed", StringComparison.Ordinal), TimeSpan.FromSeconds(15));
        }

        Assert.That(listener.Total("microweb.server.tls_handshakes"), Is.EqualTo(2));
        var errors = listener.ErrorTypes("microweb.server.tls_handshakes");
        Assert.That(errors[0], Is.Null, "the first handshake succeeded");
        Assert.That(errors[1], Is.Not.Null.And.Not.Empty, "the second is counted with its error.type");
        Assert.That(listener.Values("microweb.server.tls_handshake.duration"), Has.Count.EqualTo(2));
    }

    [Test]
    public void Metrics_TlsHandshakeCompleted_counts_handshakes_and_their_duration_with_error_type_on_failure()
    {
        using var factory = new TestMeterFactory();
        using var listener = new ScopedListener(factory);
        using var metrics = new ServerMetrics(factory);

        metrics.TlsHandshakeCompleted(TimeSpan.FromMilliseconds(12), null);
        metrics.TlsHandshakeCompleted(TimeSpan.FromMilliseconds(30), "System.Security.Authentication.AuthenticationException");

        Assert.That(listener.Total("microweb.server.tls_handshakes"), Is.EqualTo(2));
        Assert.That(listener.Values("microweb.server.tls_handshake.duration"), Is.EqualTo(new[] { 0.012, 0.030 }).Within(1e-9));
        Assert.That(listener.ErrorTypes("microweb.server.tls_handshakes"), Is.EqualTo(new string?[] { null, "System.Security.Authentication.AuthenticationException" }));
    }

    [Test]
    public void Metrics_instruments_are_disabled_while_nothing_listens_so_requests_build_no_tags()
    {
        using var factory = new TestMeterFactory();
        using var metrics = new ServerMetrics(factory);
        Assert.That(metrics.RequestDuration.Enabled, Is.False);
        Assert.That(metrics.ActiveRequests.Enabled, Is.False);
        Assert.That(metrics.ActiveConnections.Enabled, Is.False);
        Assert.That(metrics.ConnectionOpened(new IPEndPoint(IPAddress.Loopback, 80)), Is.EqualTo(default(ConnectionMeasurement)));

        using var listener = new ScopedListener(factory);
        Assert.That(metrics.RequestDuration.Enabled, Is.True, "a listener turns them on");
    }

    private static MetricSnapshot Last(List<MetricSnapshot> exported, string name)
    {
        var snapshot = exported.LastOrDefault(m => m.Name == name);
        Assert.That(snapshot, Is.Not.Null, $"{name} was exported; got {string.Join(", ", exported.Select(m => m.Name).Distinct())}");
        return snapshot!;
    }

    private static bool HasTags(MetricPoint point, (string Key, object Value)[] tags)
    {
        foreach (var (key, value) in tags)
        {
            var found = false;
            foreach (var tag in point.Tags)
            {
                if (tag.Key == key && Equals(tag.Value, value)) found = true;
            }
            if (!found) return false;
        }
        return true;
    }

    private static MetricPoint Point(MetricSnapshot metric, params (string Key, object Value)[] tags)
    {
        var points = metric.MetricPoints.Where(p => HasTags(p, tags)).ToList();
        Assert.That(points, Has.Count.EqualTo(1), $"one {metric.Name} point with {string.Join(", ", tags)}");
        return points[0];
    }

    private static long Sum(MetricSnapshot metric, params (string Key, object Value)[] tags)
    {
        long sum = 0;
        foreach (var point in metric.MetricPoints)
        {
            if (HasTags(point, tags)) sum += point.GetSumLong();
        }
        return sum;
    }

    private static List<string> TagKeys(MetricPoint point)
    {
        var keys = new List<string>();
        foreach (var tag in point.Tags) keys.Add(tag.Key);
        return keys;
    }

    private static void AssertTags(MetricPoint point, params (string Key, object Value)[] tags)
    {
        foreach (var (key, value) in tags)
        {
            object? actual = null;
            foreach (var tag in point.Tags)
            {
                if (tag.Key == key) actual = tag.Value;
            }
            Assert.That(actual, Is.EqualTo(value), key);
        }
    }

    /// <summary>An app's own meter factory: its meters carry it as their scope, so a listener can tell this app's instruments apart.</summary>
    private sealed class TestMeterFactory : IMeterFactory
    {
        private readonly List<Meter> _meters = [];

        public Meter Create(MeterOptions options)
        {
            var meter = new Meter(new MeterOptions(options.Name) { Version = options.Version, Tags = options.Tags, Scope = this });
            lock (_meters) _meters.Add(meter);
            return meter;
        }

        public void Dispose()
        {
            lock (_meters) foreach (var meter in _meters) meter.Dispose();
        }
    }

    /// <summary>Records every measurement of the instruments one factory's meters publish.</summary>
    private sealed class ScopedListener : IDisposable
    {
        private readonly MeterListener _listener = new();
        private readonly List<(string Name, double Value, string? ErrorType)> _measurements = [];

        public ScopedListener(TestMeterFactory factory)
        {
            _listener.InstrumentPublished = (instrument, listener) =>
            {
                if (ReferenceEquals(instrument.Meter.Scope, factory)) listener.EnableMeasurementEvents(instrument);
            };
            _listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) => Add(instrument, value, tags));
            _listener.SetMeasurementEventCallback<double>((instrument, value, tags, _) => Add(instrument, value, tags));
            _listener.Start();
        }

        private void Add(Instrument instrument, double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
        {
            string? errorType = null;
            foreach (var tag in tags)
            {
                if (tag.Key == "error.type") errorType = (string?)tag.Value;
            }
            lock (_measurements) _measurements.Add((instrument.Name, value, errorType));
        }

        private List<(string Name, double Value, string? ErrorType)> Of(string name)
        {
            lock (_measurements) return _measurements.Where(m => m.Name == name).ToList();
        }

        public double Total(string name) => Of(name).Sum(m => m.Value);

        public int Count(string name) => Of(name).Count;

        public List<double> Values(string name) => Of(name).Select(m => m.Value).ToList();

        public List<string?> ErrorTypes(string name) => Of(name).Select(m => m.ErrorType).ToList();

        public void Dispose() => _listener.Dispose();
    }
}
