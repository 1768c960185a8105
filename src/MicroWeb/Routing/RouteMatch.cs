namespace MicroWeb.Routing;

/// <summary>What <see cref="RouteTable{TEndpoint}.Match"/> found.</summary>
internal enum RouteMatchKind
{
    /// <summary>No route matches the path: 404.</summary>
    NotFound,

    /// <summary>A route matches the path and accepts the method: call <see cref="RouteMatch{TEndpoint}.Endpoint"/>.</summary>
    Matched,

    /// <summary>Routes match the path but none accepts the method: 405 with an <c>Allow</c> header (RFC 9110 §15.5.6).</summary>
    MethodNotAllowed,

    /// <summary>An OPTIONS request for a path whose routes do not handle OPTIONS themselves: 204 with an <c>Allow</c> header (RFC 9110 §9.3.7).</summary>
    Options,
}

/// <summary>The outcome of a route lookup; a struct so a lookup allocates nothing of its own.</summary>
internal readonly struct RouteMatch<TEndpoint>
    where TEndpoint : class
{
    private RouteMatch(RouteMatchKind kind, TEndpoint? endpoint, RouteValues values, bool suppressBody, string[] allowedMethods, string? allow, string? template = null)
    {
        Template = template;
        Kind = kind;
        Endpoint = endpoint;
        Values = values;
        SuppressBody = suppressBody;
        AllowedMethods = allowedMethods;
        Allow = allow;
    }

    public RouteMatchKind Kind { get; }

    /// <summary>The matched endpoint when <see cref="Kind"/> is <see cref="RouteMatchKind.Matched"/>.</summary>
    public TEndpoint? Endpoint { get; }

    /// <summary>The route values, defaults included, when <see cref="Kind"/> is <see cref="RouteMatchKind.Matched"/>.</summary>
    public RouteValues Values { get; }

    /// <summary>
    /// True when a HEAD request was matched to an endpoint that did not declare HEAD (a GET or any-method
    /// endpoint): the caller runs it as for GET and sends the headers without the body (RFC 9110 §9.3.2).
    /// </summary>
    public bool SuppressBody { get; }

    /// <summary>For <see cref="RouteMatchKind.MethodNotAllowed"/> and <see cref="RouteMatchKind.Options"/>: the methods the path accepts; otherwise empty.</summary>
    public IReadOnlyList<string> AllowedMethods { get; }

    /// <summary>The <c>Allow</c> header value ("GET, HEAD, OPTIONS") for <see cref="RouteMatchKind.MethodNotAllowed"/> and <see cref="RouteMatchKind.Options"/>.</summary>
    public string? Allow { get; }

    public static RouteMatch<TEndpoint> NotFound => new(RouteMatchKind.NotFound, null, default, false, [], null);

    /// <summary>The matched route's template as written (the string made at startup), when <see cref="Kind"/> is <see cref="RouteMatchKind.Matched"/>.</summary>
    public string? Template { get; }

    public static RouteMatch<TEndpoint> Matched(TEndpoint endpoint, RouteValues values, bool suppressBody, string? template = null) =>
        new(RouteMatchKind.Matched, endpoint, values, suppressBody, [], null, template);

    public static RouteMatch<TEndpoint> NotAllowed(RouteMatchKind kind, string[] allowedMethods, string allow) =>
        new(kind, null, default, false, allowedMethods, allow);
}
