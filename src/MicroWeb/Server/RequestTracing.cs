using System.Diagnostics;
using System.Net;

namespace MicroWeb.Server;

/// <summary>
/// The per-request activity on <see cref="MicroWebDiagnostics.ActivitySourceName"/>: kind Server, the incoming W3C
/// <c>traceparent</c>/<c>tracestate</c> as its parent, tags and status per the OpenTelemetry HTTP span conventions
/// (https://opentelemetry.io/docs/specs/semconv/http/http-spans/#http-server).
/// </summary>
/// <remarks>
/// When nothing listens <see cref="ActivitySource.HasListeners"/> is false and no header is even read; when the
/// listener's sampler declines, <see cref="ActivitySource.StartActivity(string, ActivityKind, ActivityContext, IEnumerable{KeyValuePair{string, object}}, IEnumerable{ActivityLink}, DateTimeOffset)"/>
/// returns null. Either way the request runs without an activity.
/// </remarks>
internal static class RequestTracing
{
    /// <summary>The activity's operation name; exporters show the display name, <c>{method} {route}</c>.</summary>
    public const string ActivityName = "MicroWeb.Server.Request";

    public static readonly ActivitySource Source = new(MicroWebDiagnostics.ActivitySourceName, typeof(RequestTracing).Assembly.GetName().Version?.ToString());

    private static readonly DistributedContextPropagator.PropagatorGetterCallback s_getter = static (object? carrier, string name, out string? value, out IEnumerable<string>? values) =>
    {
        values = null;
        var field = ((HeaderDictionary)carrier!)[name];
        value = field.Count == 0 ? null : field[0];
    };

    /// <summary>Starts the request's activity, or returns null when nothing listens or the sampler declines.</summary>
    public static Activity? Start(HttpContext context)
    {
        if (!Source.HasListeners()) return null;
        var request = context.Request;
        // The propagator (W3C by default) names the fields; an invalid traceparent is ignored and the request starts a new trace.
        DistributedContextPropagator.Current.ExtractTraceIdAndState(request.Headers, s_getter, out var traceParent, out var traceState);
        ActivityContext.TryParse(traceParent, traceState, isRemote: true, out var parent);
        // Without a remote parent the request is a root: it must not become the child of whatever activity was
        // current when the server started (the accept loop's execution context flows into every connection).
        // This is the async method's own copy of the context, restored when the request's flow returns.
        if (parent == default) Activity.Current = null;

        var activity = Source.StartActivity(ActivityName, ActivityKind.Server, parent);
        if (activity is null) return null;

        var method = RequestTelemetry.MethodTag(request.Method);
        // Span name: "{method} {http.route}", or "HTTP" for an unknown method (semconv); the route is added at the end.
        activity.DisplayName = ReferenceEquals(method, RequestTelemetry.OtherMethod) ? "HTTP" : method;
        if (activity.IsAllDataRequested)
        {
            activity.SetTag("http.request.method", method);
            if (ReferenceEquals(method, RequestTelemetry.OtherMethod)) activity.SetTag("http.request.method_original", request.Method);
            activity.SetTag("url.path", request.Path);
            activity.SetTag("network.protocol.version", RequestTelemetry.ProtocolVersion(request));
            var userAgent = request.Headers["User-Agent"];
            if (userAgent.Count > 0) activity.SetTag("user_agent.original", userAgent[0]);
        }
        return activity;
    }

    /// <summary>Completes the activity with the route, status and error, and stops it.</summary>
    public static void Stop(Activity activity, HttpContext context, int? statusCode, string? errorType)
    {
        var route = context.RouteTemplate;
        if (route is not null) activity.DisplayName = activity.DisplayName + " " + route;
        if (activity.IsAllDataRequested)
        {
            // Read at the end, once a trusted proxy's forwarded headers have replaced the scheme, host and client
            // (semconv: client.address and server.address are the original client's and authority, when known).
            var request = context.Request;
            activity.SetTag("url.scheme", request.Scheme);
            AddServerAddress(activity, request);
            if (request.RemoteEndPoint is IPEndPoint client)
            {
                activity.SetTag("client.address", (client.Address.IsIPv4MappedToIPv6 ? client.Address.MapToIPv4() : client.Address).ToString());
                activity.SetTag("client.port", client.Port);
            }
            if (route is not null) activity.SetTag("http.route", route);
            if (statusCode is { } status) activity.SetTag("http.response.status_code", status);
            if (errorType is not null) activity.SetTag("error.type", errorType);
        }
        // Server spans: 5xx and failures without a response are errors; 4xx is the client's (semconv span status).
        if (errorType is not null && (statusCode is null or >= 500)) activity.SetStatus(ActivityStatusCode.Error);
        activity.Stop();
    }

    /// <summary><c>server.address</c>/<c>server.port</c> from the Host header (semconv: the authority the client asked for), else the local endpoint.</summary>
    private static void AddServerAddress(Activity activity, HttpRequest request)
    {
        var host = request.Host.AsSpan();
        if (host.IsEmpty)
        {
            if (request.LocalEndPoint is IPEndPoint local)
            {
                activity.SetTag("server.address", local.Address.ToString());
                activity.SetTag("server.port", local.Port);
            }
            return;
        }
        var colon = host.LastIndexOf(':');
        // "[::1]:8080" has its port after the bracket; "[::1]" has none.
        if (colon > host.LastIndexOf(']') && int.TryParse(host[(colon + 1)..], out var port))
        {
            activity.SetTag("server.address", host[..colon].ToString());
            activity.SetTag("server.port", port);
        }
        else
        {
            activity.SetTag("server.address", request.Host);
            activity.SetTag("server.port", request.IsHttps ? 443 : 80);
        }
    }
}
