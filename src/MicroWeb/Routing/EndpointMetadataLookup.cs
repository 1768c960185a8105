namespace MicroWeb.Routing;

/// <summary>
/// Lets middleware that runs before routing ask which metadata the endpoint a request will reach carries (the
/// antiforgery check honours <see cref="IgnoreAntiforgeryTokenAttribute"/> this way). The router attaches itself when
/// it is built; until then, and in an app without endpoints, every answer is null.
/// </summary>
internal sealed class EndpointMetadataLookup
{
    private volatile Router? _router;

    public void Attach(Router router) => _router = router;

    /// <summary>The metadata of the endpoint matching the request's path and method, or null when none matches.</summary>
    public IReadOnlyList<object>? For(HttpRequest request) => _router?.MetadataFor(request.Path, request.Method);
}
