using System.Reflection;
using MicroWeb.Controllers;
using MicroWeb.Routing;

namespace MicroWeb;

/// <summary>
/// Maps controllers and handler delegates into the app's one route table. Routing is the last step of the
/// pipeline: a request no route matches goes on to the handler given to <c>app.Run(handler)</c>, or gets 404.
/// </summary>
/// <remarks>
/// Everything is reflected, planned and compiled when these methods are called; the table itself is built
/// when the app starts, which is where two conflicting routes fail, naming both.
/// </remarks>
public static class EndpointMappingExtensions
{
    /// <summary>Maps the controllers of the entry assembly (see <see cref="MapControllers{TBuilder}(TBuilder, Assembly[])"/>).</summary>
    /// <exception cref="InvalidOperationException">There is no entry assembly, or a controller is invalid; the message names it.</exception>
    public static TBuilder MapControllers<TBuilder>(this TBuilder app)
        where TBuilder : IEndpointRouteBuilder =>
        app.MapControllers(Assembly.GetEntryAssembly() ?? throw new InvalidOperationException("There is no entry assembly; pass the assemblies to MapControllers."));

    /// <summary>
    /// Maps every controller in <paramref name="assemblies"/>: public non-abstract classes named <c>*Controller</c>
    /// or carrying <see cref="RouteAttribute"/>, and in them the public methods with route attributes.
    /// </summary>
    /// <exception cref="InvalidOperationException">A template or parameter is invalid; the message names the action.</exception>
    public static TBuilder MapControllers<TBuilder>(this TBuilder app, params Assembly[] assemblies)
        where TBuilder : IEndpointRouteBuilder
    {
        ArgumentNullException.ThrowIfNull(app);
        ArgumentNullException.ThrowIfNull(assemblies);
        Assembly[] scanned = [.. assemblies];
        // Scanned again when hot reload rebuilds the routes, so a controller added by an edit is found.
        app.Endpoints.AddControllers(() => scanned.SelectMany(ControllerDiscovery.FindControllers));
        return app;
    }

    /// <summary>Maps exactly the given controller types (for tests, or apps that list their controllers).</summary>
    /// <exception cref="ArgumentException">A type is not a public, non-abstract, non-generic class.</exception>
    /// <exception cref="InvalidOperationException">A template or parameter is invalid; the message names the action.</exception>
    public static TBuilder MapControllers<TBuilder>(this TBuilder app, params Type[] controllerTypes)
        where TBuilder : IEndpointRouteBuilder
    {
        ArgumentNullException.ThrowIfNull(app);
        ArgumentNullException.ThrowIfNull(controllerTypes);
        foreach (var type in controllerTypes)
        {
            if (!type.IsClass || !type.IsVisible || type.IsAbstract || type.ContainsGenericParameters)
            {
                throw new ArgumentException($"{type} cannot be a controller: controllers are public, non-abstract, non-generic classes.", nameof(controllerTypes));
            }
        }

        Type[] listed = [.. controllerTypes];
        app.Endpoints.AddControllers(() => listed);
        return app;
    }

    /// <summary>Maps <c>GET</c> (and so <c>HEAD</c>) requests to <paramref name="template"/> to <paramref name="handler"/>.</summary>
    /// <typeparam name="TBuilder">The app's type, returned so calls chain.</typeparam>
    /// <param name="app">The app.</param>
    /// <param name="template">The route template, e.g. <c>/users/{id:int}</c> (docs/routing.md).</param>
    /// <param name="handler">A lambda or method; its parameters are bound as an action's are, its return value becomes the response.</param>
    public static TBuilder MapGet<TBuilder>(this TBuilder app, string template, Delegate handler)
        where TBuilder : IEndpointRouteBuilder => app.MapCore([HttpMethods.Get], template, handler, nameof(MapGet));

    /// <summary>Maps <c>POST</c> requests to <paramref name="template"/> to <paramref name="handler"/>.</summary>
    /// <typeparam name="TBuilder">The app's type, returned so calls chain.</typeparam>
    /// <param name="app">The app.</param>
    /// <param name="template">The route template.</param>
    /// <param name="handler">A lambda or method, bound as an action.</param>
    public static TBuilder MapPost<TBuilder>(this TBuilder app, string template, Delegate handler)
        where TBuilder : IEndpointRouteBuilder => app.MapCore([HttpMethods.Post], template, handler, nameof(MapPost));

    /// <summary>Maps <c>PUT</c> requests to <paramref name="template"/> to <paramref name="handler"/>.</summary>
    /// <typeparam name="TBuilder">The app's type, returned so calls chain.</typeparam>
    /// <param name="app">The app.</param>
    /// <param name="template">The route template.</param>
    /// <param name="handler">A lambda or method, bound as an action.</param>
    public static TBuilder MapPut<TBuilder>(this TBuilder app, string template, Delegate handler)
        where TBuilder : IEndpointRouteBuilder => app.MapCore([HttpMethods.Put], template, handler, nameof(MapPut));

    /// <summary>Maps <c>DELETE</c> requests to <paramref name="template"/> to <paramref name="handler"/>.</summary>
    /// <typeparam name="TBuilder">The app's type, returned so calls chain.</typeparam>
    /// <param name="app">The app.</param>
    /// <param name="template">The route template.</param>
    /// <param name="handler">A lambda or method, bound as an action.</param>
    public static TBuilder MapDelete<TBuilder>(this TBuilder app, string template, Delegate handler)
        where TBuilder : IEndpointRouteBuilder => app.MapCore([HttpMethods.Delete], template, handler, nameof(MapDelete));

    /// <summary>Maps <c>PATCH</c> requests to <paramref name="template"/> to <paramref name="handler"/>.</summary>
    /// <typeparam name="TBuilder">The app's type, returned so calls chain.</typeparam>
    /// <param name="app">The app.</param>
    /// <param name="template">The route template.</param>
    /// <param name="handler">A lambda or method, bound as an action.</param>
    public static TBuilder MapPatch<TBuilder>(this TBuilder app, string template, Delegate handler)
        where TBuilder : IEndpointRouteBuilder => app.MapCore([HttpMethods.Patch], template, handler, nameof(MapPatch));

    /// <summary>Maps requests with any of <paramref name="methods"/> to <paramref name="template"/> to <paramref name="handler"/>.</summary>
    /// <typeparam name="TBuilder">The app's type, returned so calls chain.</typeparam>
    /// <param name="app">The app.</param>
    /// <param name="methods">The HTTP methods, case-sensitive (<c>"GET"</c>, not <c>"get"</c>); at least one.</param>
    /// <param name="template">The route template.</param>
    /// <param name="handler">A lambda or method, bound as an action.</param>
    public static TBuilder Map<TBuilder>(this TBuilder app, IEnumerable<string> methods, string template, Delegate handler)
        where TBuilder : IEndpointRouteBuilder
    {
        ArgumentNullException.ThrowIfNull(methods);
        string[] list = [.. methods];
        if (list.Length == 0)
        {
            throw new ArgumentException("At least one HTTP method is required.", nameof(methods));
        }

        return app.MapCore(list, template, handler, nameof(Map));
    }

    private static TBuilder MapCore<TBuilder>(this TBuilder app, string[] methods, string template, Delegate handler, string mapper)
        where TBuilder : IEndpointRouteBuilder
    {
        ArgumentNullException.ThrowIfNull(app);
        ArgumentNullException.ThrowIfNull(template);
        ArgumentNullException.ThrowIfNull(handler);
        var displayName = $"{mapper}(\"{template}\")";
        var pattern = RoutePattern.Parse(template, displayName);
        var endpoint = Endpoint.ForDelegate(handler, displayName, pattern, app.Endpoints.Binders);
        RouteBindingCheck.Check(endpoint, pattern, methods);
        app.Endpoints.Add(new RouteDefinition<Endpoint>(pattern, methods, endpoint, displayName));
        return app;
    }
}
