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
    private bool _built;

    public int Count => _routes.Count;

    /// <summary>The app's root services, for endpoints built from services at mapping time.</summary>
    public IServiceProvider Services => services;

    /// <summary>Shared by every endpoint, so service lookups and nullability data are cached once.</summary>
    public BinderFactory Binders => _binders ??= new BinderFactory(services);

    /// <exception cref="InvalidOperationException">The router has been built: the app has started.</exception>
    public void Add(RouteDefinition<Endpoint> route)
    {
        if (_built)
        {
            throw new InvalidOperationException("The app has already started; map routes before StartAsync or Run.");
        }

        _routes.Add(route);
    }

    /// <summary>Builds the route table.</summary>
    /// <exception cref="InvalidOperationException">Two routes are ambiguous; the message names both.</exception>
    public RouteTable<Endpoint> BuildTable() => new(_routes);

    /// <summary>
    /// Builds the route table behind a router; each endpoint runs behind the <paramref name="steps"/> its
    /// metadata asks for, and unmatched requests go to <paramref name="fallback"/>.
    /// </summary>
    /// <exception cref="InvalidOperationException">Two routes are ambiguous; the message names both.</exception>
    public RequestDelegate BuildRouter(RequestDelegate fallback, IReadOnlyList<IEndpointStep> steps)
    {
        _built = true;
        var routes = new List<RouteDefinition<EndpointDelegate>>(_routes.Count);
        List<RouteDefinition<EndpointDelegate>>? preflights = null;
        foreach (var route in _routes)
        {
            EndpointDelegate invoke = route.Endpoint.InvokeAsync;
            // The first step listed runs first: wrap from the last one outwards.
            for (var i = steps.Count - 1; i >= 0; i--)
            {
                invoke = steps[i].Wrap(route.Endpoint.Metadata, invoke);
            }

            routes.Add(new RouteDefinition<EndpointDelegate>(route.Pattern, route.Methods, invoke, route.DisplayName));
            foreach (var step in steps)
            {
                if (step is IPreflightStep preflightStep && preflightStep.Preflight(route.Endpoint.Metadata) is { } preflight)
                {
                    (preflights ??= []).Add(new RouteDefinition<EndpointDelegate>(route.Pattern, route.Methods, preflight, route.DisplayName));
                }
            }
        }

        var preflightTable = preflights is null ? null : new RouteTable<EndpointDelegate>(preflights);
        return new Router(new RouteTable<EndpointDelegate>(routes), fallback, preflightTable).InvokeAsync;
    }
}
