using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Net;
using System.Net.Sockets;

namespace MicroWeb.Server;

/// <summary>
/// One server's instruments on the meter <see cref="MicroWebDiagnostics.MeterName"/>. Request instruments follow the
/// OpenTelemetry HTTP semantic conventions (<c>http.server.request.duration</c>, <c>http.server.active_requests</c>,
/// https://opentelemetry.io/docs/specs/semconv/http/http-metrics/); the server's own are <c>microweb.server.*</c>,
/// named and attributed like Kestrel's (<c>kestrel.active_connections</c>, ...,
/// https://opentelemetry.io/docs/specs/semconv/dotnet/dotnet-kestrel-metrics/).
/// </summary>
/// <remarks>
/// <para>No cost when nothing listens: every method checks <see cref="Instrument.Enabled"/> before it builds tags, and
/// tags are a <see cref="TagList"/> (a struct holding up to eight inline), so an unobserved request allocates nothing
/// here and an observed one only what the listener itself does.</para>
/// <para>One meter per server, from the app's <see cref="IMeterFactory"/> when one is registered (then the factory owns
/// it), else its own, disposed when the server stops. Listeners select by name, so several servers in one process
/// (tests) report under the same name; a <see cref="MeterListener"/> can tell them apart by <see cref="Meter"/>.</para>
/// </remarks>
internal sealed class ServerMetrics : IDisposable
{
    // OTel semconv advice for http.server.request.duration (seconds).
    private static readonly double[] s_requestBuckets = [0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5, 0.75, 1, 2.5, 5, 7.5, 10];
    // Kestrel's advice for kestrel.connection.duration: connections live much longer than requests.
    private static readonly double[] s_connectionBuckets = [0.01, 0.02, 0.05, 0.1, 0.2, 0.5, 1, 2, 5, 10, 30, 60, 120, 300];
    // Kestrel's advice for kestrel.tls_handshake.duration.
    private static readonly double[] s_handshakeBuckets = [0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5, 0.75, 1, 2.5, 5, 7.5, 10];

    private readonly bool _ownsMeter;

    public ServerMetrics(IMeterFactory? factory = null)
    {
        var options = new MeterOptions(MicroWebDiagnostics.MeterName) { Version = typeof(ServerMetrics).Assembly.GetName().Version?.ToString() };
        if (factory is not null)
        {
            Meter = factory.Create(options);
        }
        else
        {
            Meter = new Meter(options);
            _ownsMeter = true;
        }

        RequestDuration = Meter.CreateHistogram<double>("http.server.request.duration", "s", "Duration of HTTP server requests.",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = s_requestBuckets });
        ActiveRequests = Meter.CreateUpDownCounter<long>("http.server.active_requests", "{request}", "Number of active HTTP server requests.");
        ActiveConnections = Meter.CreateUpDownCounter<long>("microweb.server.active_connections", "{connection}", "Number of connections that are currently active on the server.");
        Connections = Meter.CreateCounter<long>("microweb.server.connections", "{connection}", "Number of connections the server accepted and served.");
        ConnectionDuration = Meter.CreateHistogram<double>("microweb.server.connection.duration", "s", "The duration of connections on the server.",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = s_connectionBuckets });
        RejectedConnections = Meter.CreateCounter<long>("microweb.server.rejected_connections", "{connection}", "Number of connections refused with 503 because the server was at MaxConcurrentConnections.");
        RejectedRequests = Meter.CreateCounter<long>("microweb.server.rejected_requests", "{request}", "Number of requests the server rejected as malformed, too large or too slow; error.type is the RequestRejectionReason.");
        UpgradedConnections = Meter.CreateUpDownCounter<long>("microweb.server.upgraded_connections", "{connection}", "Number of HTTP connections that are currently upgraded (WebSockets).");
        TlsHandshakes = Meter.CreateCounter<long>("microweb.server.tls_handshakes", "{handshake}", "Number of TLS handshakes completed or failed; error.type is set on failure.");
        TlsHandshakeDuration = Meter.CreateHistogram<double>("microweb.server.tls_handshake.duration", "s", "The duration of TLS handshakes on the server.",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = s_handshakeBuckets });
        RateLimitRejections = Meter.CreateCounter<long>("microweb.rate_limiting.rejections", "{request}", "Number of requests a rate limiter rejected; microweb.rate_limiting.policy is the endpoint policy, absent for the global limiter.");
    }

    public Meter Meter { get; }

    public Histogram<double> RequestDuration { get; }

    public UpDownCounter<long> ActiveRequests { get; }

    public UpDownCounter<long> ActiveConnections { get; }

    public Counter<long> Connections { get; }

    public Histogram<double> ConnectionDuration { get; }

    public Counter<long> RejectedConnections { get; }

    public Counter<long> RejectedRequests { get; }

    public UpDownCounter<long> UpgradedConnections { get; }

    public Counter<long> TlsHandshakes { get; }

    public Histogram<double> TlsHandshakeDuration { get; }

    public Counter<long> RateLimitRejections { get; }

    /// <summary>A connection starts being served; the result goes back to <see cref="ConnectionClosed"/>.</summary>
    public ConnectionMeasurement ConnectionOpened(EndPoint? local)
    {
        var active = ActiveConnections.Enabled;
        var timed = ConnectionDuration.Enabled || Connections.Enabled;
        if (!active && !timed) return default;
        if (active)
        {
            var tags = ConnectionTags(local);
            ActiveConnections.Add(1, tags);
        }
        return new ConnectionMeasurement(timed ? Stopwatch.GetTimestamp() : 0, active);
    }

    /// <summary>The connection opened with <paramref name="measurement"/> has closed.</summary>
    public void ConnectionClosed(ConnectionMeasurement measurement, EndPoint? local)
    {
        if (!measurement.Active && measurement.Start == 0) return;
        var tags = ConnectionTags(local);
        // Only what was added is subtracted: a listener attaching mid-connection must not drive the count below zero.
        if (measurement.Active) ActiveConnections.Add(-1, tags);
        if (measurement.Start != 0)
        {
            Connections.Add(1, tags);
            if (ConnectionDuration.Enabled) ConnectionDuration.Record(Stopwatch.GetElapsedTime(measurement.Start).TotalSeconds, tags);
        }
    }

    /// <summary>A connection over <see cref="ServerOptions.MaxConcurrentConnections"/> was answered 503 and closed.</summary>
    public void ConnectionRejected(EndPoint? local)
    {
        if (RejectedConnections.Enabled) RejectedConnections.Add(1, ConnectionTags(local));
    }

    /// <summary>A connection switched to WebSockets (<paramref name="delta"/> 1) or an upgraded one ended (-1); Kestrel's <c>kestrel.upgraded_connections</c>.</summary>
    /// <remarks>Unlike the active connections, a listener attaching while a socket is open may see the count dip below zero as it closes; upgrades are rare and long, so that is accepted rather than carried per connection.</remarks>
    public void ConnectionUpgraded(EndPoint? local, int delta)
    {
        if (UpgradedConnections.Enabled) UpgradedConnections.Add(delta, ConnectionTags(local));
    }

    /// <summary>The server rejected a request (its head, or its body) for <paramref name="reason"/>.</summary>
    public void RequestRejected(RequestRejectionReason reason, EndPoint? local)
    {
        if (!RejectedRequests.Enabled) return;
        var tags = ConnectionTags(local);
        // Enum names are cached by the runtime: no string per rejection.
        tags.Add("error.type", reason.ToString());
        RejectedRequests.Add(1, tags);
    }

    /// <summary>A rate limiter rejected the request: <paramref name="policy"/> names the endpoint policy, empty for the global limiter.</summary>
    public void RateLimitRejected(string policy)
    {
        if (!RateLimitRejections.Enabled) return;
        var tags = new TagList();
        if (policy.Length > 0) tags.Add("microweb.rate_limiting.policy", policy);
        RateLimitRejections.Add(1, tags);
    }

    /// <summary>
    /// Records a TLS handshake: its duration, and <paramref name="error"/> (an exception type name or an alert,
    /// the <c>error.type</c> attribute) when it failed. For the TLS transport to call once its handshake ends.
    /// </summary>
    internal void TlsHandshakeCompleted(TimeSpan duration, string? error)
    {
        var counted = TlsHandshakes.Enabled;
        var timed = TlsHandshakeDuration.Enabled;
        if (!counted && !timed) return;
        var tags = new TagList();
        if (error is not null) tags.Add("error.type", error);
        if (counted) TlsHandshakes.Add(1, tags);
        if (timed) TlsHandshakeDuration.Record(duration.TotalSeconds, tags);
    }

    /// <summary>Kestrel's connection attributes: <c>network.transport</c>, <c>network.type</c>, <c>server.address</c>, <c>server.port</c>.</summary>
    private static TagList ConnectionTags(EndPoint? local)
    {
        var tags = new TagList();
        if (local is IPEndPoint ip)
        {
            tags.Add("network.transport", "tcp");
            tags.Add("network.type", ip.AddressFamily == AddressFamily.InterNetworkV6 && !ip.Address.IsIPv4MappedToIPv6 ? "ipv6" : "ipv4");
            tags.Add("server.address", (ip.Address.IsIPv4MappedToIPv6 ? ip.Address.MapToIPv4() : ip.Address).ToString());
            tags.Add("server.port", ip.Port);
        }
        else
        {
            // In-memory connections (the test host): no network underneath.
            tags.Add("network.transport", "inproc");
        }
        return tags;
    }

    public void Dispose()
    {
        if (_ownsMeter) Meter.Dispose();
    }
}
