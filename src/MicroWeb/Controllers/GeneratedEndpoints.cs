using System.ComponentModel;
using MicroWeb.Controllers;

namespace MicroWeb;

/// <summary>
/// For generated code: the entry point of the interceptors the source generator emits for <c>MapGet</c>, <c>MapPost</c>…
/// with a lambda or method group (docs/aot.md, "Handler delegates"). The route is mapped as the reflection path maps
/// it (prefix, pattern, route binding check, conventions, <c>configure</c>), with the binders built through the
/// generator's parameter types and the call through its typed invoker: nothing compiled, safe for Native AOT.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class GeneratedEndpoints
{
    /// <summary>For generated code: maps <paramref name="handler"/> as the intercepted call would have.</summary>
    /// <typeparam name="TBuilder">The app's (or group's) type, returned so calls chain.</typeparam>
    /// <param name="app">The app or group.</param>
    /// <param name="methods">The HTTP methods (one for <c>MapGet</c>…, the caller's for <c>Map</c>): at least one.</param>
    /// <param name="template">The route template.</param>
    /// <param name="handler">The lambda or method group, as the caller passed it.</param>
    /// <param name="mapper">The intercepted method's name (<c>MapGet</c>), for the endpoint's display name.</param>
    /// <param name="configure">The caller's <c>configure</c> argument; null for the overloads without one.</param>
    /// <param name="action">The generated parameter types, awaiting and invoker of <paramref name="handler"/>; its invoker ignores its first argument.</param>
    /// <exception cref="ArgumentException"><paramref name="methods"/> is empty.</exception>
    /// <exception cref="InvalidOperationException">A template or parameter is invalid; the message names the endpoint.</exception>
    public static TBuilder Map<TBuilder>(TBuilder app, IEnumerable<string> methods, string template, Delegate handler, string mapper, Action<RouteHandlerBuilder>? configure, GeneratedAction action)
        where TBuilder : IEndpointRouteBuilder
    {
        ArgumentNullException.ThrowIfNull(handler);
        ArgumentNullException.ThrowIfNull(mapper);
        ArgumentNullException.ThrowIfNull(action);
        return app.MapEndpoint(EndpointMappingExtensions.Methods(methods), template, mapper, configure, checkBinding: true, (displayName, pattern, conventions) =>
            // The tests' switch (GeneratedControllers.UseReflectionSwitch) runs the same requests through the reflection path.
            GeneratedControllers.UseReflection && ControllerReflection.IsSupported
                ? Endpoint.ForDelegate(handler, displayName, pattern, app.Endpoints.Binders, conventions)
                : Endpoint.ForGeneratedDelegate(handler, action, displayName, pattern, app.Endpoints.Binders, conventions));
    }
}
