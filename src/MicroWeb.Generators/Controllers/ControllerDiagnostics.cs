using Microsoft.CodeAnalysis;

namespace MicroWeb.Generators.Controllers;

/// <summary>
/// The controller generator's diagnostics: each is a mistake that makes the app fail at startup today (the runtime
/// check stays, for the reflection path and for what the generator cannot see), reported at the action instead.
/// docs/aot.md lists them.
/// </summary>
internal static class ControllerDiagnostics
{
    private const string Category = "MicroWeb.Controllers";

    public static readonly DiagnosticDescriptor InvalidTemplate = new(
        "MW1001", "Invalid route template", "Route template '{0}' of {1} is invalid: {2}", Category, DiagnosticSeverity.Error, isEnabledByDefault: true);

    public static readonly DiagnosticDescriptor UnboundRouteParameter = new(
        "MW1002", "Route parameter bound by no parameter",
        "Route parameter '{{{0}}}' of '{1}' is not bound by any parameter of {2}: add a parameter named '{0}' or [FromRoute(Name = \"{0}\")]",
        Category, DiagnosticSeverity.Error, isEnabledByDefault: true);

    public static readonly DiagnosticDescriptor ConstraintTypeMismatch = new(
        "MW1003", "Route constraint does not fit the parameter's type",
        "Parameter '{0}' ({1}) of {2} cannot take the constraint '{3}' of route parameter '{{{4}}}' in '{5}': make the parameter {6}, or change the constraint",
        Category, DiagnosticSeverity.Error, isEnabledByDefault: true);

    public static readonly DiagnosticDescriptor AmbiguousRoute = new(
        "MW1004", "Ambiguous routes",
        "{0} and {1} both answer {2} '{3}': change a template, add a constraint or use different HTTP methods",
        Category, DiagnosticSeverity.Error, isEnabledByDefault: true);

    /// <summary>Reported only when the project publishes with Native AOT (<c>PublishAot=true</c>, visible through MicroWeb's build targets).</summary>
    public static readonly DiagnosticDescriptor ReflectionModel = new(
        "MW1006", "Model bound by reflection in a Native AOT app",
        "Parameter '{0}' of {1} binds {2} as a complex model, by reflection, which a Native AOT app cannot do: the app fails at startup naming it. "
        + "Bind its values as simple parameters, or mark a registered service [FromServices] (docs/aot.md).",
        Category, DiagnosticSeverity.Warning, isEnabledByDefault: true);

    public static readonly DiagnosticDescriptor UnsupportedParameter = new(
        "MW1005", "Action or parameter cannot be bound", "{0} cannot be an action: {1}", Category, DiagnosticSeverity.Error, isEnabledByDefault: true);
}
