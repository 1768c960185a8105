using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using MicroWeb.Http;
using MicroWeb.Http.WebSockets;

namespace MicroWeb;

/// <summary>One HTTP request and its response, plus per-request services and state.</summary>
/// <remarks>
/// The server reuses one context per connection for every request on it, so handlers must not keep a
/// reference to it (or to its request or response) once the request has completed.
/// </remarks>
public sealed class HttpContext
{
    private readonly IServiceScopeFactory? _scopeFactory;
    private AsyncServiceScope? _scope;
    private Dictionary<object, object?>? _items;
    private string? _traceIdentifier;
    private long _connectionId;
    private long _requestNumber;
    private WebSocketManager? _webSockets;

    /// <param name="services">The root provider.</param>
    /// <param name="output">Where the response goes.</param>
    /// <param name="application">What the app resolved at startup; null outside an app (then resolved here, once per context).</param>
    internal HttpContext(IServiceProvider services, HttpResponseOutput output, ApplicationValues? application = null)
    {
        ApplicationServices = services;
        Application = application ?? ApplicationValues.Resolve(services);
        _scopeFactory = services.GetService<IServiceScopeFactory>();
        Request = new HttpRequest(this);
        Response = new HttpResponse(this, output);
    }

    /// <summary>What the client sent.</summary>
    public HttpRequest Request { get; }

    /// <summary>What the server answers.</summary>
    public HttpResponse Response { get; }

    /// <summary>The application's root service provider.</summary>
    public IServiceProvider ApplicationServices { get; }

    /// <summary>
    /// Services scoped to this request. The scope is created on first use and disposed (asynchronously
    /// where services support it) when the request completes.
    /// </summary>
    public IServiceProvider RequestServices
    {
        get
        {
            if (_scope is { } scope) return scope.ServiceProvider;
            if (_scopeFactory is null) return ApplicationServices;
            _scope = _scopeFactory.CreateAsyncScope();
            return _scope.Value.ServiceProvider;
        }
    }

    /// <summary>Options and services the app resolved once at startup; reading them needs no provider and no scope.</summary>
    internal ApplicationValues Application { get; }

    /// <summary>True once something asked for <see cref="RequestServices"/> during this request.</summary>
    internal bool HasRequestScope => _scope is not null;

    /// <summary>WebSocket upgrades (RFC 6455): whether this request asks for one, and accepting it.</summary>
    public WebSocketManager WebSockets => _webSockets ??= new WebSocketManager(this);

    /// <summary>The connection's upgrade, set by the server; null for a context that is not on a server connection.</summary>
    internal IHttpUpgrade? Upgrade { get; set; }

    /// <summary>A place for middleware and handlers to share state during this request.</summary>
    public IDictionary<object, object?> Items => _items ??= [];

    /// <summary>
    /// Signalled when the client goes away while the request runs (it closed or reset the connection; noticed
    /// once the request body has been read, or at the next read or write while it is being read), when the
    /// client reads the response too slowly, or when a shutdown ran out of time.
    /// </summary>
    public CancellationToken RequestAborted { get; internal set; }

    /// <summary>This request's data-rate limits; an endpoint may relax them for itself.</summary>
    public RequestLimits Limits { get; } = new();

    /// <summary>
    /// An identifier for this request, for correlating log lines: the W3C trace id of the request's activity when
    /// the request is traced (something listens to the <c>MicroWeb.Server</c> activity source), else an id
    /// unique within the process.
    /// </summary>
    public string TraceIdentifier
    {
        get => _traceIdentifier ??= Activity is { } activity ? activity.TraceId.ToHexString() : $"{_connectionId:X}:{_requestNumber:X8}";
        set => _traceIdentifier = value;
    }

    /// <summary>
    /// The server's activity for this request, or null when nothing listens (no trace is recorded). Set by the
    /// server before the application runs.
    /// </summary>
    internal Activity? Activity { get; set; }

    /// <summary>
    /// The template of the route that matched (<c>/users/{id}</c>), set by the router; null when no route matched.
    /// Read by the server's instrumentation (<c>http.route</c>) and the request log, which know nothing of routing.
    /// </summary>
    internal string? RouteTemplate { get; set; }

    /// <summary>The route match behind <c>GetRouteValues()</c>, set by the router; <see langword="default"/> when no route matched.</summary>
    internal RouteCapture RouteCapture { get; set; }

    /// <summary>
    /// The <c>error.type</c> of this request when middleware handled an exception into a response (the exception's
    /// type name), so the server's metrics still see the error they never caught.
    /// </summary>
    internal string? ErrorType { get; set; }

    /// <summary>
    /// The rate limiting policy that rejected this request (<c>""</c> for the global limiter), set by the rate limiter;
    /// null when none did. Read by the server's metrics (<c>microweb.rate_limiting.rejections</c>), which know nothing of security.
    /// </summary>
    internal string? RateLimitRejection { get; set; }

    /// <summary>Set by the outermost request logging middleware so an inner one (the app's own, under the Development default) does not log again.</summary>
    internal bool RequestLogged { get; set; }

    /// <summary>
    /// Scratch state the endpoint layer keeps on the context and reuses for every request of the
    /// connection (the context itself is reused), so invoking an action allocates nothing for it.
    /// </summary>
    internal object? EndpointState { get; set; }

    internal void BeginRequest(long connectionId, long requestNumber, CancellationToken aborted)
    {
        _connectionId = connectionId;
        _requestNumber = requestNumber;
        _traceIdentifier = null;
        Activity = null;
        RouteTemplate = null;
        RouteCapture = default;
        ErrorType = null;
        RateLimitRejection = null;
        RequestLogged = false;
        RequestAborted = aborted;
        Response.Reset();
    }

    /// <summary>Disposes the request scope and clears per-request state.</summary>
    internal async ValueTask EndRequestAsync()
    {
        _items?.Clear();
        Request.DisposeForm();
        if (_scope is { } scope)
        {
            _scope = null;
            await scope.DisposeAsync().ConfigureAwait(false);
        }
    }
}
