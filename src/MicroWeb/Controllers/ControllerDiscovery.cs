using System.Reflection;
using Microsoft.Extensions.Logging;
using MicroWeb.Routing;

namespace MicroWeb.Controllers;

/// <summary>
/// Finds controllers and their actions by reflection, once at startup, and turns each (prefix, action
/// template, methods) into a route with a compiled endpoint.
/// </summary>
/// <remarks>
/// A controller is a public, non-abstract, non-generic class named <c>*Controller</c> or carrying
/// <see cref="RouteAttribute"/>. Its actions are the public instance methods with <see cref="RouteAttribute"/>
/// or an <see cref="HttpMethodAttribute"/>; other methods are not reachable.
/// </remarks>
internal static class ControllerDiscovery
{
    public static bool IsController(Type type) =>
        type.IsClass && type.IsVisible && !type.IsAbstract && !type.ContainsGenericParameters
        && (type.Name.EndsWith("Controller", StringComparison.Ordinal) || type.IsDefined(typeof(RouteAttribute), inherit: true));

    public static IEnumerable<Type> FindControllers(Assembly assembly) => assembly.GetExportedTypes().Where(IsController);

    /// <summary>The routes of <paramref name="controllerType"/>'s actions.</summary>
    /// <exception cref="InvalidOperationException">
    /// A template or a parameter is invalid, a route parameter is bound by no parameter, or a constraint does not fit
    /// the parameter's type (<see cref="RouteBindingCheck"/>); the message names the action.
    /// </exception>
    /// <param name="controllerType">The controller.</param>
    /// <param name="binders">The binder factory of the build.</param>
    /// <param name="groupPrefix">The route group's prefix, put in front of every route (absolute action templates included); null outside a group.</param>
    /// <param name="conventions">The route group's metadata and filters; null outside a group.</param>
    public static IEnumerable<RouteDefinition<Endpoint>> Routes(Type controllerType, BinderFactory binders, string? groupPrefix = null, EndpointConventions? conventions = null)
    {
        var generated = GeneratedFor(controllerType, binders);
        var create = ControllerActivator.For(controllerType, binders.Lifetimes, generated);
        string?[] prefixes = [.. controllerType.GetCustomAttributes<RouteAttribute>(inherit: true).Select(r => r.Template)];
        if (prefixes.Length == 0)
        {
            prefixes = [null];
        }

        var routes = new List<RouteDefinition<Endpoint>>();
        foreach (var method in controllerType.GetMethods(BindingFlags.Public | BindingFlags.Instance))
        {
            if (method.IsSpecialName || method.DeclaringType == typeof(object) || method.DeclaringType == typeof(Controller))
            {
                continue;
            }

            // (template, methods) pairs; null methods mean any method.
            var declared = new List<(string? Template, IReadOnlyList<string>? Methods)>();
            foreach (var route in method.GetCustomAttributes<RouteAttribute>(inherit: true))
            {
                declared.Add((route.Template, null));
            }

            foreach (var http in method.GetCustomAttributes<HttpMethodAttribute>(inherit: true))
            {
                declared.Add((http.Template, http.Methods));
            }

            if (declared.Count == 0)
            {
                continue;
            }

            var displayName = $"{controllerType.Name}.{method.Name}";
            if (method.IsStatic || method.ContainsGenericParameters)
            {
                throw new InvalidOperationException($"{displayName} cannot be an action: actions are non-generic instance methods.");
            }

            // One endpoint per distinct template, shared by the attributes naming it ([HttpGet("x")][HttpPost("x")]).
            var endpoints = new Dictionary<string, (RoutePattern Pattern, Endpoint Endpoint)>(StringComparer.Ordinal);
            foreach (var prefix in prefixes)
            {
                foreach ((var template, var methods) in declared)
                {
                    var combined = RoutePattern.Combine(prefix, template);
                    if (groupPrefix is not null)
                    {
                        combined = RouteGroupBuilder.Join(groupPrefix, combined);
                    }

                    if (!endpoints.TryGetValue(combined, out var entry))
                    {
                        var pattern = RoutePattern.Parse(combined, displayName);
                        entry = (pattern, Endpoint.ForAction(controllerType, method, create, pattern, binders, conventions, generated?.Find(method)?.Invoke));
                        endpoints.Add(combined, entry);
                    }

                    routes.Add(new RouteDefinition<Endpoint>(entry.Pattern, methods, entry.Endpoint, displayName));
                }
            }

            foreach ((var pattern, var endpoint) in endpoints.Values)
            {
                var sharing = routes.Where(r => r.Endpoint == endpoint).ToArray();
                RouteBindingCheck.Check(endpoint, pattern, sharing.Any(r => r.Methods is null) ? null : sharing.SelectMany(r => r.Methods!));
            }
        }

        return routes;
    }

    /// <summary>
    /// The generator's table for <paramref name="controllerType"/> when it covers every action the type has now; null
    /// otherwise, so the whole controller takes the reflection path: after a hot-reload edit added an action, or with
    /// <see cref="GeneratedControllers.UseReflectionSwitch"/> set.
    /// </summary>
    private static GeneratedController? GeneratedFor(Type controllerType, BinderFactory binders)
    {
        if (GeneratedControllers.Find(controllerType) is not { } generated)
        {
            return null;
        }

        // The table's type is annotated for its public methods: this reading needs no trim warning.
        foreach (var method in generated.ControllerType.GetMethods(BindingFlags.Public | BindingFlags.Instance))
        {
            if (IsAction(method) && generated.Find(method) is null)
            {
                binders.Logger?.LogDebug(
                    "{Controller}.{Action} has no generated invoker (added after the build, e.g. by a hot-reload edit): {Controller} uses reflection.",
                    controllerType.Name, method.Name, controllerType.Name);
                return null;
            }
        }

        return generated;
    }

    private static bool IsAction(MethodInfo method) =>
        !method.IsSpecialName && method.DeclaringType != typeof(object) && method.DeclaringType != typeof(Controller)
        && (method.IsDefined(typeof(RouteAttribute), inherit: true) || method.IsDefined(typeof(HttpMethodAttribute), inherit: true));
}
