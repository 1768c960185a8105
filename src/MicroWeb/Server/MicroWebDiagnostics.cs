namespace MicroWeb;

/// <summary>
/// The names under which MicroWeb publishes its metrics (<see cref="System.Diagnostics.Metrics.Meter"/>) and traces
/// (<see cref="System.Diagnostics.ActivitySource"/>), for <c>AddMeter</c>/<c>AddSource</c> in OpenTelemetry or
/// <c>dotnet-counters monitor --counters MicroWeb.Server</c>. Nothing is measured or traced unless something listens.
/// </summary>
public static class MicroWebDiagnostics
{
    /// <summary>
    /// The meter: <c>http.server.request.duration</c>, <c>http.server.active_requests</c> (OpenTelemetry HTTP semantic
    /// conventions) and the <c>microweb.server.*</c> connection, rejection and TLS instruments.
    /// </summary>
    public const string MeterName = "MicroWeb.Server";

    /// <summary>The activity source: one activity of kind Server per request, honouring an incoming W3C <c>traceparent</c>.</summary>
    public const string ActivitySourceName = "MicroWeb.Server";
}
