using MicroWeb.Routing;

namespace MicroWeb.Controllers;

/// <summary>
/// The routes an app maps (controllers and handler delegates) until it starts; then they become one
/// <see cref="RouteTable{TEndpoint}"/> behind a <see cref="Router"/>, the last step of the pipeline.
/// </summary>
internal sealed class EndpointCollection(IServiceProvider services)
{
    private readonly List<RouteDefinition<Endpoint>> _routes = [];
    private BinderFactory? _binders;

    public int Count => _routes.Count;

    /// <summary>Shared by every endpoint, so service lookups and nullability data are cached once.</summary>
    public BinderFactory Binders => _binders ??= new BinderFactory(services);

    public void Add(RouteDefinition<Endpoint> route) => _routes.Add(route);

    /// <summary>Builds the route table.</summary>
    /// <exception cref="InvalidOperationException">Two routes are ambiguous; the message names both.</exception>
    public RouteTable<Endpoint> BuildTable() => new(_routes);

    /// <summary>Builds the route table behind a router; unmatched requests go to <paramref name="fallback"/>.</summary>
    /// <exception cref="InvalidOperationException">Two routes are ambiguous; the message names both.</exception>
    public RequestDelegate BuildRouter(RequestDelegate fallback) => new Router(BuildTable(), fallback).InvokeAsync;
}
