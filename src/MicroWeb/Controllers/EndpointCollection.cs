using Microsoft.Extensions.DependencyInjection;
using System.Reflection.Metadata;
using MicroWeb.Routing;

namespace MicroWeb.Controllers;

/// <summary>
/// The routes an app maps (controllers and handler delegates) until it starts; then they become one
/// <see cref="RouteTable{TEndpoint}"/> behind a <see cref="Router"/>, the last step of the pipeline.
/// </summary>
/// <remarks>
/// Under hot reload (<see cref="MetadataUpdater.IsSupported"/>, e.g. <c>dotnet watch</c>) the collection also
/// remembers where its routes came from (the controller sources, re-discovered, and the mapped handlers, kept as
/// they are), so <see cref="RouteTableReloader"/> can rebuild the table after an edit and swap it into the
/// router. Without hot reload nothing extra is kept and the router is the one built at startup.
/// </remarks>
internal sealed class EndpointCollection(IServiceProvider services)
{
    private readonly List<RouteDefinition<Endpoint>> _routes = [];
    private readonly List<Func<BinderFactory, IEnumerable<RouteDefinition<Endpoint>>>> _sources = [];
    private BinderFactory? _binders;
    private bool _built;
    private Router? _router;
    private IReadOnlyList<IEndpointStep> _steps = [];

    public int Count => _routes.Count;

    /// <summary>The routes mapped at startup, in mapping order; read by the OpenAPI document.</summary>
    public IReadOnlyList<RouteDefinition<Endpoint>> Routes => _routes;

    /// <summary>
    /// Whether the sources of the routes are kept so the table can be rebuilt (<see cref="Rebuild"/>); set it before
    /// mapping. True when the runtime applies metadata updates; tests set it to rebuild without <c>dotnet watch</c>.
    /// </summary>
    public bool Reloadable { get; set; } = MetadataUpdater.IsSupported;

    /// <summary>True when the app needs a router: it has routes, or maps controllers that a reload may add.</summary>
    public bool NeedsRouter => _routes.Count > 0 || _sources.Count > 0;

    /// <summary>The app's root services, for endpoints built from services at mapping time.</summary>
    public IServiceProvider Services => services;

    /// <summary>Shared by every endpoint, so service lookups and nullability data are cached once.</summary>
    public BinderFactory Binders => _binders ??= new BinderFactory(services);

    /// <exception cref="InvalidOperationException">The router has been built: the app has started.</exception>
    public void Add(RouteDefinition<Endpoint> route)
    {
        ThrowIfBuilt();
        _routes.Add(route);
        if (Reloadable)
        {
            _sources.Add(_ => [route]);
        }
    }

    /// <summary>
    /// Maps the controllers <paramref name="discover"/> yields; under hot reload it is asked again on every rebuild,
    /// so a controller or action added by an edit is found.
    /// </summary>
    /// <exception cref="InvalidOperationException">The app has started, or a controller is invalid; the message names it.</exception>
    /// <param name="discover">The controller types.</param>
    /// <param name="prefix">The route group's prefix, put in front of every action's route; null at the top level.</param>
    /// <param name="conventions">The route group's metadata and filters; null at the top level.</param>
    public void AddControllers(Func<IEnumerable<Type>> discover, string? prefix = null, EndpointConventions? conventions = null)
    {
        ThrowIfBuilt();
        IEnumerable<RouteDefinition<Endpoint>> Routes(BinderFactory binders) =>
            discover().SelectMany(type => ControllerDiscovery.Routes(type, binders, prefix, conventions));

        _routes.AddRange(Routes(Binders));
        if (Reloadable)
        {
            _sources.Add(Routes);
        }
    }

    /// <summary>Builds the route table.</summary>
    /// <exception cref="InvalidOperationException">Two routes are ambiguous; the message names both.</exception>
    public RouteTable<Endpoint> BuildTable()
    {
        Prepare(_routes);
        return new(_routes);
    }

    /// <summary>
    /// Builds the route table behind a router; each endpoint runs behind the <paramref name="steps"/> its
    /// metadata asks for, and unmatched requests go to <paramref name="fallback"/>.
    /// </summary>
    /// <exception cref="InvalidOperationException">Two routes are ambiguous; the message names both.</exception>
    public RequestDelegate BuildRouter(RequestDelegate fallback, IReadOnlyList<IEndpointStep> steps)
    {
        // Before anything is marked built: a filter that cannot be created fails the start, and nothing is half-done.
        Prepare(_routes);
        _built = true;
        _steps = steps;
        _router = new Router(Wrap(_routes), fallback);
        services.GetService<EndpointMetadataLookup>()?.Attach(_router);
        if (Reloadable)
        {
            RouteTableReloader.Register(this);
        }

        return _router.InvokeAsync;
    }

    /// <summary>
    /// Discovers the controllers again, keeps the mapped handlers, and swaps the new table into the router: requests
    /// already matched finish on the old one.
    /// </summary>
    /// <exception cref="InvalidOperationException">
    /// The rebuilt routes are invalid or ambiguous; the router keeps its table.
    /// </exception>
    public void Rebuild()
    {
        lock (_sources)
        {
            if (_router is null)
            {
                return;
            }

            // A fresh factory: its caches (nullability, services) may describe the types as they were before the edit.
            var binders = new BinderFactory(services);
            var routes = _sources.SelectMany(source => source(binders)).ToList();
            Prepare(routes);
            _router.Replace(Wrap(routes));
        }
    }

    /// <summary>Each endpoint wrapped in its steps, and the preflight answers of the steps that give one.</summary>
    private Router.Tables Wrap(List<RouteDefinition<Endpoint>> routes)
    {
        var wrapped = new List<RouteDefinition<EndpointDelegate>>(routes.Count);
        var metadata = new Dictionary<EndpointDelegate, IReadOnlyList<object>>(ReferenceEqualityComparer.Instance);
        List<RouteDefinition<EndpointDelegate>>? preflights = null;
        foreach (var route in routes)
        {
            EndpointDelegate invoke = route.Endpoint.InvokeAsync;
            // The first step listed runs first: wrap from the last one outwards.
            for (var i = _steps.Count - 1; i >= 0; i--)
            {
                invoke = _steps[i].Wrap(route.Endpoint.Metadata, invoke);
            }

            wrapped.Add(new RouteDefinition<EndpointDelegate>(route.Pattern, route.Methods, invoke, route.DisplayName));
            metadata.TryAdd(invoke, route.Endpoint.Metadata);
            foreach (var step in _steps)
            {
                if (step is IPreflightStep preflightStep && preflightStep.Preflight(route.Endpoint.Metadata) is { } preflight)
                {
                    (preflights ??= []).Add(new RouteDefinition<EndpointDelegate>(route.Pattern, route.Methods, preflight, route.DisplayName));
                }
            }
        }

        return new Router.Tables(new RouteTable<EndpointDelegate>(wrapped), preflights is null ? null : new RouteTable<EndpointDelegate>(preflights), metadata);
    }

    /// <summary>
    /// Fixes each endpoint's metadata and composes its filters, now that every group convention is known (a
    /// <c>RequireAuthorization()</c> after the <c>MapGet</c> calls still counts).
    /// </summary>
    private void Prepare(List<RouteDefinition<Endpoint>> routes)
    {
        foreach (var route in routes)
        {
            route.Endpoint.Prepare(services);
        }
    }

    /// <exception cref="InvalidOperationException">The router has been built: the app has started.</exception>
    public void ThrowIfBuilt()
    {
        if (_built)
        {
            throw new InvalidOperationException("The app has already started; map routes before StartAsync or Run.");
        }
    }
}
