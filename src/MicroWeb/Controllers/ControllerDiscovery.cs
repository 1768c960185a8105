using System.Diagnostics.CodeAnalysis;
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

    /// <summary>
    /// The controllers of <paramref name="assembly"/>: its exported types under the JIT (so a controller added by a
    /// hot-reload edit is found), the generator's table when reflection is off.
    /// </summary>
    public static IEnumerable<Type> FindControllers(Assembly assembly)
    {
        if (ControllerReflection.IsSupported)
        {
            return ExportedControllers(assembly);
        }

        return GeneratedControllers.Of(assembly);
    }

    [RequiresUnreferencedCode("Lists the assembly's exported types; the generated table lists its controllers instead.")]
    private static IEnumerable<Type> ExportedControllers(Assembly assembly) => assembly.GetExportedTypes().Where(IsController);

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
        if (GeneratedFor(controllerType, binders) is { } generated)
        {
            return Routes(generated.ControllerType, generated, binders, groupPrefix, conventions);
        }

        if (!ControllerReflection.IsSupported)
        {
            throw ControllerReflection.NotGenerated($"Controller {controllerType} (no generated table, or one older than the type)");
        }

        return ReflectionRoutes(controllerType, binders, groupPrefix, conventions);
    }

    [RequiresUnreferencedCode("The controller's members are read by reflection; the generated table's type keeps them.")]
    private static IEnumerable<RouteDefinition<Endpoint>> ReflectionRoutes(Type controllerType, BinderFactory binders, string? groupPrefix, EndpointConventions? conventions) =>
        Routes(controllerType, null, binders, groupPrefix, conventions);

    private static List<RouteDefinition<Endpoint>> Routes(
        [DynamicallyAccessedMembers(GeneratedController.Members)] Type controllerType,
        GeneratedController? generated,
        BinderFactory binders,
        string? groupPrefix,
        EndpointConventions? conventions)
    {
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
                        entry = (pattern, Endpoint.ForAction(controllerType, method, create, pattern, binders, conventions, generated?.Find(method)));
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
