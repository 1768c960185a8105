using System.Diagnostics.CodeAnalysis;
using System.Reflection;
using MicroWeb.Controllers;
using MicroWeb.Routing;

namespace MicroWeb;

/// <summary>
/// Maps controllers and handler delegates into the app's one route table, directly or through a route group
/// (<see cref="MapGroup"/>). Routing is the last step of the pipeline: a request no route matches goes on to the
/// handler given to <c>app.Run(handler)</c>, or gets 404.
/// </summary>
/// <remarks>
/// Everything is reflected, planned and compiled when these methods are called; the table itself is built
/// when the app starts, which is where two conflicting routes fail, naming both.
/// </remarks>
public static class EndpointMappingExtensions
{
    private const string DelegateMessage = "A handler delegate's parameters are bound and its call compiled by reflection. In a trimmed or Native AOT app, "
        + "map a RequestDelegate (context => ...) or use a controller, whose binders are generated; see docs/aot.md.";

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
        app.Endpoints.AddControllers(() => scanned.SelectMany(ControllerDiscovery.FindControllers), app.RoutePrefix, app.GroupConventions);
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
        app.Endpoints.AddControllers(() => listed, app.RoutePrefix, app.GroupConventions);
        return app;
    }

    /// <summary>
    /// A route group: routes mapped into it get <paramref name="prefix"/> in front of their templates (also those starting
    /// with '/'), and the metadata and filters added to the group. Groups nest: <c>api.MapGroup("/admin")</c> under
    /// <c>app.MapGroup("/api")</c> is <c>/api/admin</c> with both groups' conventions.
    /// </summary>
    /// <param name="app">The app or the enclosing group.</param>
    /// <param name="prefix">A route template without a catch-all or optional parameter, e.g. <c>/api/v1</c> or <c>/users/{userId:int}</c>; <c>""</c> or <c>"/"</c> groups without a prefix.</param>
    /// <exception cref="InvalidOperationException">The prefix is not a valid template, or ends in a catch-all or optional parameter; or the app has started.</exception>
    public static RouteGroupBuilder MapGroup(this IEndpointRouteBuilder app, string prefix)
    {
        ArgumentNullException.ThrowIfNull(app);
        ArgumentNullException.ThrowIfNull(prefix);
        app.Endpoints.ThrowIfBuilt();
        var full = app.RoutePrefix is { } outer ? RouteGroupBuilder.Join(outer, prefix) : RouteGroupBuilder.Join("", prefix);
        var displayName = $"MapGroup(\"{prefix}\")";
        var pattern = RoutePattern.Parse(full, displayName);
        foreach (var parameter in pattern.Parameters)
        {
            if (parameter.IsCatchAll || parameter.IsOptional)
            {
                throw new InvalidOperationException(
                    $"Route template '{full}' of {displayName}: parameter '{parameter.Name}' is {(parameter.IsCatchAll ? "a catch-all" : "optional")}, "
                    + "which a group prefix cannot have because the group's routes follow it; put it in the routes' own templates.");
            }
        }

        return new RouteGroupBuilder(app.Endpoints, full, app.GroupConventions);
    }

    /// <summary>Maps <c>GET</c> (and so <c>HEAD</c>) requests to <paramref name="template"/> to <paramref name="handler"/>.</summary>
    /// <typeparam name="TBuilder">The app's type, returned so calls chain.</typeparam>
    /// <param name="app">The app.</param>
    /// <param name="template">The route template, e.g. <c>/users/{id:int}</c> (docs/routing.md).</param>
    /// <param name="handler">A lambda or method; its parameters are bound as an action's are, its return value becomes the response.</param>
    [RequiresUnreferencedCode(DelegateMessage)]
    [RequiresDynamicCode(DelegateMessage)]
    public static TBuilder MapGet<TBuilder>(this TBuilder app, string template, Delegate handler)
        where TBuilder : IEndpointRouteBuilder => app.MapCore([HttpMethods.Get], template, handler, nameof(MapGet));

    /// <summary>Maps <c>GET</c> (and so <c>HEAD</c>) requests to <paramref name="template"/> to <paramref name="handler"/>.</summary>
    /// <typeparam name="TBuilder">The app's type, returned so calls chain.</typeparam>
    /// <param name="app">The app.</param>
    /// <param name="template">The route template, e.g. <c>/users/{id:int}</c> (docs/routing.md).</param>
    /// <param name="handler">Answers the request itself: nothing to bind, nothing compiled, so it works in a Native AOT app (<c>context =&gt; context.Response.WriteAsync("hi")</c>).</param>
    public static TBuilder MapGet<TBuilder>(this TBuilder app, string template, RequestDelegate handler)
        where TBuilder : IEndpointRouteBuilder => app.MapCore([HttpMethods.Get], template, handler, nameof(MapGet));

    /// <summary>Maps <c>GET</c> requests as <see cref="MapGet{TBuilder}(TBuilder, string, Delegate)"/> does, and hands the endpoint to <paramref name="configure"/> for its metadata and filters.</summary>
    /// <typeparam name="TBuilder">The app's (or group's) type, returned so calls chain.</typeparam>
    /// <param name="app">The app or group.</param>
    /// <param name="template">The route template.</param>
    /// <param name="handler">A lambda or method, bound as an action.</param>
    /// <param name="configure">Adds metadata and filters to this endpoint: <c>endpoint =&gt; endpoint.RequireAuthorization()</c>.</param>
    [RequiresUnreferencedCode(DelegateMessage)]
    [RequiresDynamicCode(DelegateMessage)]
    public static TBuilder MapGet<TBuilder>(this TBuilder app, string template, Delegate handler, Action<RouteHandlerBuilder> configure)
        where TBuilder : IEndpointRouteBuilder => app.MapCore([HttpMethods.Get], template, handler, nameof(MapGet), configure);

    /// <summary>Maps <c>GET</c> requests as <see cref="MapGet{TBuilder}(TBuilder, string, Delegate)"/> does, and hands the endpoint to <paramref name="configure"/> for its metadata and filters.</summary>
    /// <typeparam name="TBuilder">The app's (or group's) type, returned so calls chain.</typeparam>
    /// <param name="app">The app or group.</param>
    /// <param name="template">The route template.</param>
    /// <param name="handler">Answers the request itself: nothing to bind, nothing compiled, so it works in a Native AOT app (<c>context =&gt; context.Response.WriteAsync("hi")</c>).</param>
    /// <param name="configure">Adds metadata and filters to this endpoint: <c>endpoint =&gt; endpoint.RequireAuthorization()</c>.</param>
    public static TBuilder MapGet<TBuilder>(this TBuilder app, string template, RequestDelegate handler, Action<RouteHandlerBuilder> configure)
        where TBuilder : IEndpointRouteBuilder => app.MapCore([HttpMethods.Get], template, handler, nameof(MapGet), configure);

    /// <summary>Maps <c>POST</c> requests to <paramref name="template"/> to <paramref name="handler"/>.</summary>
    /// <typeparam name="TBuilder">The app's type, returned so calls chain.</typeparam>
    /// <param name="app">The app.</param>
    /// <param name="template">The route template.</param>
    /// <param name="handler">A lambda or method, bound as an action.</param>
    [RequiresUnreferencedCode(DelegateMessage)]
    [RequiresDynamicCode(DelegateMessage)]
    public static TBuilder MapPost<TBuilder>(this TBuilder app, string template, Delegate handler)
        where TBuilder : IEndpointRouteBuilder => app.MapCore([HttpMethods.Post], template, handler, nameof(MapPost));

    /// <summary>Maps <c>POST</c> requests to <paramref name="template"/> to <paramref name="handler"/>.</summary>
    /// <typeparam name="TBuilder">The app's type, returned so calls chain.</typeparam>
    /// <param name="app">The app.</param>
    /// <param name="template">The route template.</param>
    /// <param name="handler">Answers the request itself: nothing to bind, nothing compiled, so it works in a Native AOT app (<c>context =&gt; context.Response.WriteAsync("hi")</c>).</param>
    public static TBuilder MapPost<TBuilder>(this TBuilder app, string template, RequestDelegate handler)
        where TBuilder : IEndpointRouteBuilder => app.MapCore([HttpMethods.Post], template, handler, nameof(MapPost));

    /// <summary>Maps <c>POST</c> requests as <see cref="MapPost{TBuilder}(TBuilder, string, Delegate)"/> does, and hands the endpoint to <paramref name="configure"/> for its metadata and filters.</summary>
    /// <typeparam name="TBuilder">The app's (or group's) type, returned so calls chain.</typeparam>
    /// <param name="app">The app or group.</param>
    /// <param name="template">The route template.</param>
    /// <param name="handler">A lambda or method, bound as an action.</param>
    /// <param name="configure">Adds metadata and filters to this endpoint: <c>endpoint =&gt; endpoint.RequireAuthorization()</c>.</param>
    [RequiresUnreferencedCode(DelegateMessage)]
    [RequiresDynamicCode(DelegateMessage)]
    public static TBuilder MapPost<TBuilder>(this TBuilder app, string template, Delegate handler, Action<RouteHandlerBuilder> configure)
        where TBuilder : IEndpointRouteBuilder => app.MapCore([HttpMethods.Post], template, handler, nameof(MapPost), configure);

    /// <summary>Maps <c>POST</c> requests as <see cref="MapPost{TBuilder}(TBuilder, string, Delegate)"/> does, and hands the endpoint to <paramref name="configure"/> for its metadata and filters.</summary>
    /// <typeparam name="TBuilder">The app's (or group's) type, returned so calls chain.</typeparam>
    /// <param name="app">The app or group.</param>
    /// <param name="template">The route template.</param>
    /// <param name="handler">Answers the request itself: nothing to bind, nothing compiled, so it works in a Native AOT app (<c>context =&gt; context.Response.WriteAsync("hi")</c>).</param>
    /// <param name="configure">Adds metadata and filters to this endpoint: <c>endpoint =&gt; endpoint.RequireAuthorization()</c>.</param>
    public static TBuilder MapPost<TBuilder>(this TBuilder app, string template, RequestDelegate handler, Action<RouteHandlerBuilder> configure)
        where TBuilder : IEndpointRouteBuilder => app.MapCore([HttpMethods.Post], template, handler, nameof(MapPost), configure);

    /// <summary>Maps <c>PUT</c> requests to <paramref name="template"/> to <paramref name="handler"/>.</summary>
    /// <typeparam name="TBuilder">The app's type, returned so calls chain.</typeparam>
    /// <param name="app">The app.</param>
    /// <param name="template">The route template.</param>
    /// <param name="handler">A lambda or method, bound as an action.</param>
    [RequiresUnreferencedCode(DelegateMessage)]
    [RequiresDynamicCode(DelegateMessage)]
    public static TBuilder MapPut<TBuilder>(this TBuilder app, string template, Delegate handler)
        where TBuilder : IEndpointRouteBuilder => app.MapCore([HttpMethods.Put], template, handler, nameof(MapPut));

    /// <summary>Maps <c>PUT</c> requests to <paramref name="template"/> to <paramref name="handler"/>.</summary>
    /// <typeparam name="TBuilder">The app's type, returned so calls chain.</typeparam>
    /// <param name="app">The app.</param>
    /// <param name="template">The route template.</param>
    /// <param name="handler">Answers the request itself: nothing to bind, nothing compiled, so it works in a Native AOT app (<c>context =&gt; context.Response.WriteAsync("hi")</c>).</param>
    public static TBuilder MapPut<TBuilder>(this TBuilder app, string template, RequestDelegate handler)
        where TBuilder : IEndpointRouteBuilder => app.MapCore([HttpMethods.Put], template, handler, nameof(MapPut));

    /// <summary>Maps <c>PUT</c> requests as <see cref="MapPut{TBuilder}(TBuilder, string, Delegate)"/> does, and hands the endpoint to <paramref name="configure"/> for its metadata and filters.</summary>
    /// <typeparam name="TBuilder">The app's (or group's) type, returned so calls chain.</typeparam>
    /// <param name="app">The app or group.</param>
    /// <param name="template">The route template.</param>
    /// <param name="handler">A lambda or method, bound as an action.</param>
    /// <param name="configure">Adds metadata and filters to this endpoint: <c>endpoint =&gt; endpoint.RequireAuthorization()</c>.</param>
    [RequiresUnreferencedCode(DelegateMessage)]
    [RequiresDynamicCode(DelegateMessage)]
    public static TBuilder MapPut<TBuilder>(this TBuilder app, string template, Delegate handler, Action<RouteHandlerBuilder> configure)
        where TBuilder : IEndpointRouteBuilder => app.MapCore([HttpMethods.Put], template, handler, nameof(MapPut), configure);

    /// <summary>Maps <c>PUT</c> requests as <see cref="MapPut{TBuilder}(TBuilder, string, Delegate)"/> does, and hands the endpoint to <paramref name="configure"/> for its metadata and filters.</summary>
    /// <typeparam name="TBuilder">The app's (or group's) type, returned so calls chain.</typeparam>
    /// <param name="app">The app or group.</param>
    /// <param name="template">The route template.</param>
    /// <param name="handler">Answers the request itself: nothing to bind, nothing compiled, so it works in a Native AOT app (<c>context =&gt; context.Response.WriteAsync("hi")</c>).</param>
    /// <param name="configure">Adds metadata and filters to this endpoint: <c>endpoint =&gt; endpoint.RequireAuthorization()</c>.</param>
    public static TBuilder MapPut<TBuilder>(this TBuilder app, string template, RequestDelegate handler, Action<RouteHandlerBuilder> configure)
        where TBuilder : IEndpointRouteBuilder => app.MapCore([HttpMethods.Put], template, handler, nameof(MapPut), configure);

    /// <summary>Maps <c>DELETE</c> requests to <paramref name="template"/> to <paramref name="handler"/>.</summary>
    /// <typeparam name="TBuilder">The app's type, returned so calls chain.</typeparam>
    /// <param name="app">The app.</param>
    /// <param name="template">The route template.</param>
    /// <param name="handler">A lambda or method, bound as an action.</param>
    [RequiresUnreferencedCode(DelegateMessage)]
    [RequiresDynamicCode(DelegateMessage)]
    public static TBuilder MapDelete<TBuilder>(this TBuilder app, string template, Delegate handler)
        where TBuilder : IEndpointRouteBuilder => app.MapCore([HttpMethods.Delete], template, handler, nameof(MapDelete));

    /// <summary>Maps <c>DELETE</c> requests to <paramref name="template"/> to <paramref name="handler"/>.</summary>
    /// <typeparam name="TBuilder">The app's type, returned so calls chain.</typeparam>
    /// <param name="app">The app.</param>
    /// <param name="template">The route template.</param>
    /// <param name="handler">Answers the request itself: nothing to bind, nothing compiled, so it works in a Native AOT app (<c>context =&gt; context.Response.WriteAsync("hi")</c>).</param>
    public static TBuilder MapDelete<TBuilder>(this TBuilder app, string template, RequestDelegate handler)
        where TBuilder : IEndpointRouteBuilder => app.MapCore([HttpMethods.Delete], template, handler, nameof(MapDelete));

    /// <summary>Maps <c>DELETE</c> requests as <see cref="MapDelete{TBuilder}(TBuilder, string, Delegate)"/> does, and hands the endpoint to <paramref name="configure"/> for its metadata and filters.</summary>
    /// <typeparam name="TBuilder">The app's (or group's) type, returned so calls chain.</typeparam>
    /// <param name="app">The app or group.</param>
    /// <param name="template">The route template.</param>
    /// <param name="handler">A lambda or method, bound as an action.</param>
    /// <param name="configure">Adds metadata and filters to this endpoint: <c>endpoint =&gt; endpoint.RequireAuthorization()</c>.</param>
    [RequiresUnreferencedCode(DelegateMessage)]
    [RequiresDynamicCode(DelegateMessage)]
    public static TBuilder MapDelete<TBuilder>(this TBuilder app, string template, Delegate handler, Action<RouteHandlerBuilder> configure)
        where TBuilder : IEndpointRouteBuilder => app.MapCore([HttpMethods.Delete], template, handler, nameof(MapDelete), configure);

    /// <summary>Maps <c>DELETE</c> requests as <see cref="MapDelete{TBuilder}(TBuilder, string, Delegate)"/> does, and hands the endpoint to <paramref name="configure"/> for its metadata and filters.</summary>
    /// <typeparam name="TBuilder">The app's (or group's) type, returned so calls chain.</typeparam>
    /// <param name="app">The app or group.</param>
    /// <param name="template">The route template.</param>
    /// <param name="handler">Answers the request itself: nothing to bind, nothing compiled, so it works in a Native AOT app (<c>context =&gt; context.Response.WriteAsync("hi")</c>).</param>
    /// <param name="configure">Adds metadata and filters to this endpoint: <c>endpoint =&gt; endpoint.RequireAuthorization()</c>.</param>
    public static TBuilder MapDelete<TBuilder>(this TBuilder app, string template, RequestDelegate handler, Action<RouteHandlerBuilder> configure)
        where TBuilder : IEndpointRouteBuilder => app.MapCore([HttpMethods.Delete], template, handler, nameof(MapDelete), configure);

    /// <summary>Maps <c>PATCH</c> requests to <paramref name="template"/> to <paramref name="handler"/>.</summary>
    /// <typeparam name="TBuilder">The app's type, returned so calls chain.</typeparam>
    /// <param name="app">The app.</param>
    /// <param name="template">The route template.</param>
    /// <param name="handler">A lambda or method, bound as an action.</param>
    [RequiresUnreferencedCode(DelegateMessage)]
    [RequiresDynamicCode(DelegateMessage)]
    public static TBuilder MapPatch<TBuilder>(this TBuilder app, string template, Delegate handler)
        where TBuilder : IEndpointRouteBuilder => app.MapCore([HttpMethods.Patch], template, handler, nameof(MapPatch));

    /// <summary>Maps <c>PATCH</c> requests to <paramref name="template"/> to <paramref name="handler"/>.</summary>
    /// <typeparam name="TBuilder">The app's type, returned so calls chain.</typeparam>
    /// <param name="app">The app.</param>
    /// <param name="template">The route template.</param>
    /// <param name="handler">Answers the request itself: nothing to bind, nothing compiled, so it works in a Native AOT app (<c>context =&gt; context.Response.WriteAsync("hi")</c>).</param>
    public static TBuilder MapPatch<TBuilder>(this TBuilder app, string template, RequestDelegate handler)
        where TBuilder : IEndpointRouteBuilder => app.MapCore([HttpMethods.Patch], template, handler, nameof(MapPatch));

    /// <summary>Maps <c>PATCH</c> requests as <see cref="MapPatch{TBuilder}(TBuilder, string, Delegate)"/> does, and hands the endpoint to <paramref name="configure"/> for its metadata and filters.</summary>
    /// <typeparam name="TBuilder">The app's (or group's) type, returned so calls chain.</typeparam>
    /// <param name="app">The app or group.</param>
    /// <param name="template">The route template.</param>
    /// <param name="handler">A lambda or method, bound as an action.</param>
    /// <param name="configure">Adds metadata and filters to this endpoint: <c>endpoint =&gt; endpoint.RequireAuthorization()</c>.</param>
    [RequiresUnreferencedCode(DelegateMessage)]
    [RequiresDynamicCode(DelegateMessage)]
    public static TBuilder MapPatch<TBuilder>(this TBuilder app, string template, Delegate handler, Action<RouteHandlerBuilder> configure)
        where TBuilder : IEndpointRouteBuilder => app.MapCore([HttpMethods.Patch], template, handler, nameof(MapPatch), configure);

    /// <summary>Maps <c>PATCH</c> requests as <see cref="MapPatch{TBuilder}(TBuilder, string, Delegate)"/> does, and hands the endpoint to <paramref name="configure"/> for its metadata and filters.</summary>
    /// <typeparam name="TBuilder">The app's (or group's) type, returned so calls chain.</typeparam>
    /// <param name="app">The app or group.</param>
    /// <param name="template">The route template.</param>
    /// <param name="handler">Answers the request itself: nothing to bind, nothing compiled, so it works in a Native AOT app (<c>context =&gt; context.Response.WriteAsync("hi")</c>).</param>
    /// <param name="configure">Adds metadata and filters to this endpoint: <c>endpoint =&gt; endpoint.RequireAuthorization()</c>.</param>
    public static TBuilder MapPatch<TBuilder>(this TBuilder app, string template, RequestDelegate handler, Action<RouteHandlerBuilder> configure)
        where TBuilder : IEndpointRouteBuilder => app.MapCore([HttpMethods.Patch], template, handler, nameof(MapPatch), configure);

    /// <summary>Maps requests with any of <paramref name="methods"/> to <paramref name="template"/> to <paramref name="handler"/>.</summary>
    /// <typeparam name="TBuilder">The app's type, returned so calls chain.</typeparam>
    /// <param name="app">The app.</param>
    /// <param name="methods">The HTTP methods, case-sensitive (<c>"GET"</c>, not <c>"get"</c>); at least one.</param>
    /// <param name="template">The route template.</param>
    /// <param name="handler">A lambda or method, bound as an action.</param>
    [RequiresUnreferencedCode(DelegateMessage)]
    [RequiresDynamicCode(DelegateMessage)]
    public static TBuilder Map<TBuilder>(this TBuilder app, IEnumerable<string> methods, string template, Delegate handler)
        where TBuilder : IEndpointRouteBuilder => app.MapCore(Methods(methods), template, handler, nameof(Map));

    /// <summary>Maps requests with any of <paramref name="methods"/> to <paramref name="template"/> to <paramref name="handler"/>.</summary>
    /// <typeparam name="TBuilder">The app's type, returned so calls chain.</typeparam>
    /// <param name="app">The app.</param>
    /// <param name="methods">The HTTP methods, case-sensitive (<c>"GET"</c>, not <c>"get"</c>); at least one.</param>
    /// <param name="template">The route template.</param>
    /// <param name="handler">Answers the request itself: nothing to bind, nothing compiled, so it works in a Native AOT app (<c>context =&gt; context.Response.WriteAsync("hi")</c>).</param>
    public static TBuilder Map<TBuilder>(this TBuilder app, IEnumerable<string> methods, string template, RequestDelegate handler)
        where TBuilder : IEndpointRouteBuilder => app.MapCore(Methods(methods), template, handler, nameof(Map));

    /// <summary>Maps requests with any of <paramref name="methods"/> as <see cref="Map{TBuilder}(TBuilder, IEnumerable{string}, string, Delegate)"/> does, and hands the endpoint to <paramref name="configure"/>.</summary>
    /// <typeparam name="TBuilder">The app's (or group's) type, returned so calls chain.</typeparam>
    /// <param name="app">The app or group.</param>
    /// <param name="methods">The HTTP methods, case-sensitive; at least one.</param>
    /// <param name="template">The route template.</param>
    /// <param name="handler">A lambda or method, bound as an action.</param>
    /// <param name="configure">Adds metadata and filters to this endpoint.</param>
    [RequiresUnreferencedCode(DelegateMessage)]
    [RequiresDynamicCode(DelegateMessage)]
    public static TBuilder Map<TBuilder>(this TBuilder app, IEnumerable<string> methods, string template, Delegate handler, Action<RouteHandlerBuilder> configure)
        where TBuilder : IEndpointRouteBuilder => app.MapCore(Methods(methods), template, handler, nameof(Map), configure);

    /// <summary>Maps requests with any of <paramref name="methods"/> as <see cref="Map{TBuilder}(TBuilder, IEnumerable{string}, string, Delegate)"/> does, and hands the endpoint to <paramref name="configure"/>.</summary>
    /// <typeparam name="TBuilder">The app's (or group's) type, returned so calls chain.</typeparam>
    /// <param name="app">The app or group.</param>
    /// <param name="methods">The HTTP methods, case-sensitive; at least one.</param>
    /// <param name="template">The route template.</param>
    /// <param name="handler">Answers the request itself: nothing to bind, nothing compiled, so it works in a Native AOT app (<c>context =&gt; context.Response.WriteAsync("hi")</c>).</param>
    /// <param name="configure">Adds metadata and filters to this endpoint.</param>
    public static TBuilder Map<TBuilder>(this TBuilder app, IEnumerable<string> methods, string template, RequestDelegate handler, Action<RouteHandlerBuilder> configure)
        where TBuilder : IEndpointRouteBuilder => app.MapCore(Methods(methods), template, handler, nameof(Map), configure);

    [RequiresUnreferencedCode(DelegateMessage)]
    [RequiresDynamicCode(DelegateMessage)]
    private static TBuilder MapCore<TBuilder>(this TBuilder app, string[] methods, string template, Delegate handler, string mapper, Action<RouteHandlerBuilder>? configure = null)
        where TBuilder : IEndpointRouteBuilder
    {
        ArgumentNullException.ThrowIfNull(handler);
        return app.MapEndpoint(methods, template, mapper, configure, checkBinding: true, (displayName, pattern, conventions) =>
            Endpoint.ForDelegate(handler, displayName, pattern, app.Endpoints.Binders, conventions));
    }

    private static TBuilder MapCore<TBuilder>(this TBuilder app, string[] methods, string template, RequestDelegate handler, string mapper, Action<RouteHandlerBuilder>? configure = null)
        where TBuilder : IEndpointRouteBuilder
    {
        ArgumentNullException.ThrowIfNull(handler);
        // No route binding check: a request delegate reads its route values from context.GetRouteValues(), out of the check's sight.
        return app.MapEndpoint(methods, template, mapper, configure, checkBinding: false, (displayName, _, conventions) => Endpoint.ForRequestDelegate(handler, displayName, conventions));
    }

    /// <summary>
    /// What every handler mapping shares, however its endpoint is made (reflection, generated code, request delegate):
    /// the group's prefix, the display name, the pattern, the conventions level, the route binding check (when
    /// <paramref name="checkBinding"/>: the endpoint binds its parameters itself), <paramref name="configure"/>.
    /// </summary>
    internal static TBuilder MapEndpoint<TBuilder>(this TBuilder app, string[] methods, string template, string mapper, Action<RouteHandlerBuilder>? configure, bool checkBinding, Func<string, RoutePattern, EndpointConventions?, Endpoint> create)
        where TBuilder : IEndpointRouteBuilder
    {
        ArgumentNullException.ThrowIfNull(app);
        ArgumentNullException.ThrowIfNull(template);
        var full = app.RoutePrefix is { } prefix ? RouteGroupBuilder.Join(prefix, template) : template;
        var displayName = $"{mapper}(\"{full}\")";
        var pattern = RoutePattern.Parse(full, displayName);
        // An endpoint with its own conventions gets a level of its own inside the group's; otherwise it shares the group's.
        var conventions = configure is null ? app.GroupConventions : new EndpointConventions(app.Endpoints, app.GroupConventions);
        var endpoint = create(displayName, pattern, conventions);
        if (checkBinding)
        {
            RouteBindingCheck.Check(endpoint, pattern, methods);
        }
        if (configure is not null)
        {
            configure(new RouteHandlerBuilder(conventions!));
        }

        app.Endpoints.Add(new RouteDefinition<Endpoint>(pattern, methods, endpoint, displayName));
        return app;
    }

    /// <summary>The methods of a <c>Map</c> call, copied: at least one.</summary>
    internal static string[] Methods(IEnumerable<string> methods)
    {
        ArgumentNullException.ThrowIfNull(methods);
        string[] list = [.. methods];
        if (list.Length == 0)
        {
            throw new ArgumentException("At least one HTTP method is required.", nameof(methods));
        }

        return list;
    }
}
