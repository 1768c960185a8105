using System.Diagnostics;

namespace MicroWeb.Server;

/// <summary>
/// One request's metrics and activity, owned by the connection loop (a field of <see cref="HttpConnection"/>, reused
/// for every request on it): <see cref="Start"/> before the application runs, <see cref="Stop"/> once the response
/// is complete.
/// </summary>
/// <remarks>
/// When nothing listens, <see cref="Start"/> is three checks and <see cref="Stop"/> one: no timestamp, no tags.
/// Attributes per the OpenTelemetry HTTP metric conventions
/// (https://opentelemetry.io/docs/specs/semconv/http/http-metrics/#metric-httpserverrequestduration).
/// </remarks>
internal struct RequestTelemetry
{
    /// <summary>semconv: a method outside the well-known set is reported as <c>_OTHER</c>, keeping cardinality bounded.</summary>
    public const string OtherMethod = "_OTHER";

    private long _start; // 0: this request is not measured
    private bool _activeCounted;
    // The scheme the active request was counted under: forwarded headers may change HttpRequest.Scheme meanwhile,
    // and the -1 must land on the same series as the +1.
    private string? _activeScheme;

    /// <summary>Why the request failed as the connection saw it (an exception it caught, a rejection reason); null otherwise.</summary>
    public string? ErrorType;

    public void Start(ServerMetrics metrics, HttpContext context)
    {
        ErrorType = null;
        _activeCounted = false;
        var active = metrics.ActiveRequests.Enabled;
        var activity = RequestTracing.Start(context);
        if (!active && activity is null && !metrics.RequestDuration.Enabled)
        {
            _start = 0;
            return;
        }
        _start = Stopwatch.GetTimestamp();
        context.Activity = activity;
        if (active)
        {
            _activeScheme = context.Request.Scheme;
            metrics.ActiveRequests.Add(1, ActiveTags(context.Request.Method, _activeScheme));
            _activeCounted = true;
        }
    }

    /// <param name="metrics">The server's instruments.</param>
    /// <param name="context">The request, its response status and route.</param>
    /// <param name="status">The status sent; null when the connection was torn down without a (whole) response.</param>
    public void Stop(ServerMetrics metrics, HttpContext context, int? status)
    {
        // Counted whether or not the request itself is measured: the counter has its own listeners.
        if (context.RateLimitRejection is { } policy) metrics.RateLimitRejected(policy);
        if (_start == 0) return;
        var request = context.Request;
        if (_activeCounted)
        {
            _activeCounted = false;
            metrics.ActiveRequests.Add(-1, ActiveTags(request.Method, _activeScheme ?? request.Scheme));
        }

        // semconv error.type: the exception's type when one ended the request (here, or handled by middleware), the
        // rejection reason, else the status code for a 5xx; absent on success.
        var errorType = ErrorType ?? context.ErrorType ?? (status >= 500 ? StatusCodeText(status.Value) : null);

        if (metrics.RequestDuration.Enabled)
        {
            // The scheme as the request ends: a trusted proxy's X-Forwarded-Proto has been applied by then.
            var tags = ActiveTags(request.Method, request.Scheme);
            if (status is { } code) tags.Add("http.response.status_code", BoxedStatusCode(code));
            if (context.RouteTemplate is { } route) tags.Add("http.route", route);
            tags.Add("network.protocol.version", ProtocolVersion(request));
            if (errorType is not null) tags.Add("error.type", errorType);
            metrics.RequestDuration.Record(Stopwatch.GetElapsedTime(_start).TotalSeconds, tags);
        }

        if (context.Activity is { } activity) RequestTracing.Stop(activity, context, status, errorType);
        _start = 0;
    }

    /// <summary>The method as semconv wants it: one of the well-known methods (the parser's interned strings), else <c>_OTHER</c>.</summary>
    public static string MethodTag(string method) => method switch
    {
        HttpMethods.Get or HttpMethods.Head or HttpMethods.Post or HttpMethods.Put or HttpMethods.Delete
            or HttpMethods.Patch or HttpMethods.Options or HttpMethods.Trace or HttpMethods.Connect => method,
        _ => OtherMethod,
    };

    /// <summary><c>network.protocol.version</c>: <c>1.1</c> or <c>1.0</c>.</summary>
    public static string ProtocolVersion(HttpRequest request) => request.IsHttp11 ? "1.1" : "1.0";

    private static TagList ActiveTags(string method, string scheme) => new()
    {
        { "http.request.method", MethodTag(method) },
        { "url.scheme", scheme },
    };

    // Boxed once: TagList values are objects, and boxing the status per request would allocate with a listener attached.
    private static readonly object[] s_statusCodes = CreateStatusCodes();

    private static object[] CreateStatusCodes()
    {
        var codes = new object[500];
        for (var i = 0; i < codes.Length; i++) codes[i] = i + 100;
        return codes;
    }

    private static object BoxedStatusCode(int code) => code is >= 100 and < 600 ? s_statusCodes[code - 100] : code;

    private static string StatusCodeText(int code) => code switch
    {
        500 => "500",
        502 => "502",
        503 => "503",
        504 => "504",
        _ => code.ToString(System.Globalization.CultureInfo.InvariantCulture),
    };
}
