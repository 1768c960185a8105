using System;
using System.Collections.Generic;
using System.Linq;
using MicroWeb.Generators.Shared;
using Microsoft.CodeAnalysis;

namespace MicroWeb.Generators.Controllers;

/// <summary>
/// Reads a controller's symbols into a <see cref="ControllerModel"/> and checks its routes the way the runtime's
/// <c>ControllerDiscovery</c>, <c>BinderFactory</c> and <c>RouteBindingCheck</c> do at startup.
/// </summary>
internal static class ControllerReader
{
    private static readonly SymbolDisplayFormat s_typeFormat = SymbolDisplayFormat.FullyQualifiedFormat
        .WithMiscellaneousOptions(SymbolDisplayMiscellaneousOptions.UseSpecialTypes | SymbolDisplayMiscellaneousOptions.EscapeKeywordIdentifiers);

    /// <summary>How generated code names types: fully qualified, keywords for the special types.</summary>
    internal static SymbolDisplayFormat TypeFormat => s_typeFormat;

    private static readonly string[] s_sources =
    [
        "MicroWeb.FromBodyAttribute", "MicroWeb.FromQueryAttribute", "MicroWeb.FromRouteAttribute", "MicroWeb.FromFormAttribute",
        "MicroWeb.FromHeaderAttribute", "MicroWeb.FromCookieAttribute", "MicroWeb.FromServicesAttribute",
    ];

    private static readonly string[] s_contextTypes =
    [
        "MicroWeb.HttpContext", "MicroWeb.HttpRequest", "MicroWeb.HttpResponse", "System.Threading.CancellationToken",
        "MicroWeb.RouteValues", "MicroWeb.ModelStateDictionary", "MicroWeb.FormCollection",
    ];

    private static readonly Dictionary<string, string> s_methods = new(StringComparer.Ordinal)
    {
        ["MicroWeb.HttpGetAttribute"] = "GET",
        ["MicroWeb.HttpPostAttribute"] = "POST",
        ["MicroWeb.HttpPutAttribute"] = "PUT",
        ["MicroWeb.HttpDeleteAttribute"] = "DELETE",
        ["MicroWeb.HttpPatchAttribute"] = "PATCH",
        ["MicroWeb.HttpHeadAttribute"] = "HEAD",
        ["MicroWeb.HttpOptionsAttribute"] = "OPTIONS",
    };

    /// <summary>True for what the runtime's <c>ControllerDiscovery.IsController</c> accepts.</summary>
    public static bool IsController(INamedTypeSymbol type)
    {
        if (type.TypeKind != TypeKind.Class || type.IsAbstract || type.IsStatic || type.IsGenericType || type.IsUnboundGenericType)
        {
            return false;
        }

        for (var t = type; t is not null; t = t.ContainingType)
        {
            if (t.DeclaredAccessibility != Accessibility.Public || (!SymbolEqualityComparer.Default.Equals(t, type) && t.IsGenericType))
            {
                return false;
            }
        }

        return type.Name.EndsWith("Controller", StringComparison.Ordinal) || RoutePrefixes(type).Count > 0;
    }

    public static ControllerModel Read(INamedTypeSymbol type)
    {
        var diagnostics = new List<DiagnosticInfo>();
        var actions = new List<ActionModel>();
        var prefixes = RoutePrefixes(type);
        if (prefixes.Count == 0)
        {
            prefixes.Add(null);
        }

        var routes = new List<(string Method, string Shape, string Template, string Action, Location? Location)>();
        var accessors = new List<string>();
        foreach (var method in Actions(type))
        {
            var declared = Declared(method);
            if (declared.Count == 0)
            {
                continue;
            }

            var displayName = $"{type.Name}.{method.Name}";
            var location = method.Locations.FirstOrDefault();
            if (method.IsGenericMethod)
            {
                diagnostics.Add(DiagnosticInfo.Create(ControllerDiagnostics.UnsupportedParameter, location, displayName, "actions are non-generic instance methods"));
                continue;
            }

            var parameters = Parameters(method, displayName, diagnostics);
            var seen = new HashSet<string>(StringComparer.Ordinal);
            foreach (var prefix in prefixes)
            {
                foreach (var (template, methods, attribute) in declared)
                {
                    var combined = RouteTemplate.Combine(prefix, template);
                    var attributeLocation = attribute.ApplicationSyntaxReference?.GetSyntax().GetLocation() ?? location;
                    var parsed = RouteTemplate.Parse(combined);
                    if (parsed.Error is not null)
                    {
                        diagnostics.Add(DiagnosticInfo.Create(ControllerDiagnostics.InvalidTemplate, attributeLocation, combined, displayName, parsed.Error));
                        continue;
                    }

                    foreach (var httpMethod in methods ?? ["*"])
                    {
                        routes.Add((httpMethod, parsed.Shape, combined, displayName, attributeLocation));
                    }

                    if (seen.Add(combined) && parameters is not null)
                    {
                        CheckBindings(parsed, methods, parameters, displayName, attributeLocation, diagnostics);
                    }
                }
            }

            if (parameters is not null && Emittable(method))
            {
                actions.Add(new ActionModel(
                    method.Name,
                    EquatableArray.From(method.Parameters.Select(p => p.Type.ToDisplayString(s_typeFormat))),
                    EquatableArray.From(method.Parameters.Select(p => GeneratedParameter(p, accessors))),
                    Unwrap(method.ReturnType),
                    method.ReturnsVoid));
            }
        }

        CheckAmbiguity(routes, diagnostics);
        return new ControllerModel(type.ToDisplayString(s_typeFormat), Constructor(type), EquatableArray.From(actions), EquatableArray.From(accessors.Distinct()), EquatableArray.From(diagnostics));
    }

    /// <summary>
    /// The action parameters bound as complex models (form, query string or JSON body into a class or record) that the
    /// generator cannot describe (<see cref="ModelReader"/>): their members are found and set by reflection
    /// (<c>ModelActivator</c>), which a Native AOT app cannot run (MW1006).
    /// </summary>
    public static IEnumerable<(IParameterSymbol Parameter, string Action)> ReflectionModels(INamedTypeSymbol type)
    {
        foreach (var method in Actions(type))
        {
            if (Declared(method).Count == 0)
            {
                continue;
            }

            foreach (var parameter in method.Parameters)
            {
                if (IsModel(parameter) && Describe(parameter) is null)
                {
                    yield return (parameter, $"{type.Name}.{method.Name}");
                }
            }
        }
    }

    /// <summary>The description of a model parameter, when generated code can bind it from every source it may read.</summary>
    private static ModelCode? Describe(IParameterSymbol parameter)
    {
        var model = ModelReader.Read(parameter.Type);
        var body = parameter.GetAttributes().Any(a => a.AttributeClass?.ToDisplayString() == "MicroWeb.FromBodyAttribute");
        return model is { RequiredMembers: true } && !body ? null : model;
    }

    /// <summary>
    /// True when the runtime binds <paramref name="parameter"/> as a complex model (form, query string or JSON body). A
    /// concrete class without an attribute counts too: the runtime takes it for a service only when DI has it.
    /// </summary>
    private static bool IsModel(IParameterSymbol parameter)
    {
        var source = parameter.GetAttributes().Select(a => a.AttributeClass?.ToDisplayString()).FirstOrDefault(name => Array.IndexOf(s_sources, name) >= 0);
        var parameterType = parameter.Type;
        return !(source is "MicroWeb.FromServicesAttribute" or "MicroWeb.FromRouteAttribute" or "MicroWeb.FromHeaderAttribute" or "MicroWeb.FromCookieAttribute"
            || (source is null && Array.IndexOf(s_contextTypes, parameterType.ToDisplayString()) >= 0)
            || TypeRules.IsFormFile(parameterType) || (source is not "MicroWeb.FromBodyAttribute" && TypeRules.IsSimple(parameterType))
            || (source is null && parameterType.IsAbstract));
    }

    /// <summary>The <c>[Route]</c> templates of the class and its base classes (the attribute is inherited).</summary>
    private static List<string?> RoutePrefixes(INamedTypeSymbol type)
    {
        var prefixes = new List<string?>();
        for (var t = type; t is not null; t = t.BaseType)
        {
            foreach (var attribute in t.GetAttributes())
            {
                if (attribute.AttributeClass?.ToDisplayString() == "MicroWeb.RouteAttribute")
                {
                    prefixes.Add(attribute.ConstructorArguments.FirstOrDefault().Value as string);
                }
            }
        }

        return prefixes;
    }

    /// <summary>The public instance methods reflection's <c>GetMethods</c> returns: the type's and its bases', overrides once.</summary>
    private static IEnumerable<IMethodSymbol> Actions(INamedTypeSymbol type)
    {
        var overridden = new HashSet<IMethodSymbol>(SymbolEqualityComparer.Default);
        for (var t = type; t is not null && t.SpecialType != SpecialType.System_Object && t.ToDisplayString() != "MicroWeb.Controller"; t = t.BaseType)
        {
            foreach (var member in t.GetMembers())
            {
                if (member is IMethodSymbol { MethodKind: MethodKind.Ordinary, IsStatic: false, DeclaredAccessibility: Accessibility.Public } method
                    && !overridden.Contains(method))
                {
                    if (method.OverriddenMethod is { } baseMethod)
                    {
                        overridden.Add(baseMethod.OriginalDefinition);
                    }

                    yield return method;
                }
            }
        }
    }

    /// <summary>(template, methods, attribute) of each route attribute on the method or the methods it overrides; null methods mean any.</summary>
    private static List<(string? Template, string[]? Methods, AttributeData Attribute)> Declared(IMethodSymbol method)
    {
        var declared = new List<(string?, string[]?, AttributeData)>();
        for (var m = method; m is not null; m = m.OverriddenMethod)
        {
            foreach (var attribute in m.GetAttributes())
            {
                var name = attribute.AttributeClass?.ToDisplayString();
                var template = attribute.ConstructorArguments.Length > 0 ? attribute.ConstructorArguments[0].Value as string : null;
                if (name == "MicroWeb.RouteAttribute")
                {
                    declared.Add((template, null, attribute));
                }
                else if (name is not null && s_methods.TryGetValue(name, out var httpMethod))
                {
                    declared.Add((template, [httpMethod], attribute));
                }
                else if (InheritsFrom(attribute.AttributeClass, "MicroWeb.HttpMethodAttribute"))
                {
                    // An app's own HttpMethodAttribute: its methods are known only at run time.
                    declared.Add((template, ["?" + name], attribute));
                }
            }
        }

        return declared;
    }

    /// <summary>How each parameter binds, as far as route checks need it; null (and a diagnostic) when one cannot be bound.</summary>
    private static List<ParameterBinding>? Parameters(IMethodSymbol method, string displayName, List<DiagnosticInfo> diagnostics)
    {
        var list = new List<ParameterBinding>();
        foreach (var parameter in method.Parameters)
        {
            var location = parameter.Locations.FirstOrDefault() ?? method.Locations.FirstOrDefault();
            if (parameter.RefKind != RefKind.None || parameter.Type.TypeKind is TypeKind.Pointer or TypeKind.FunctionPointer)
            {
                diagnostics.Add(DiagnosticInfo.Create(ControllerDiagnostics.UnsupportedParameter, location, displayName,
                    $"parameter '{parameter.Name}' is ref, out, in or a pointer, which cannot be bound"));
                return null;
            }

            var sources = parameter.GetAttributes().Where(a => Array.IndexOf(s_sources, a.AttributeClass?.ToDisplayString()) >= 0).ToList();
            if (sources.Count > 1)
            {
                diagnostics.Add(DiagnosticInfo.Create(ControllerDiagnostics.UnsupportedParameter, location, displayName,
                    $"parameter '{parameter.Name}' has {sources.Count} binding-source attributes; use one"));
                return null;
            }

            var source = sources.FirstOrDefault();
            var sourceName = source?.AttributeClass?.ToDisplayString();
            var key = source?.NamedArguments.FirstOrDefault(a => a.Key == "Name").Value.Value as string ?? parameter.Name;
            list.Add(Classify(parameter, sourceName, key, location));
        }

        return list;
    }

    private static ParameterBinding Classify(IParameterSymbol parameter, string? source, string key, Location? location)
    {
        var type = parameter.Type;
        var typeName = type.ToDisplayString();
        if (source is null && Array.IndexOf(s_contextTypes, typeName) >= 0)
        {
            return new ParameterBinding(parameter.Name, type, typeName == "MicroWeb.RouteValues" ? RouteUse.All : RouteUse.None, key, location);
        }

        if (source is "MicroWeb.FromServicesAttribute" or "MicroWeb.FromBodyAttribute" or "MicroWeb.FromQueryAttribute"
            or "MicroWeb.FromFormAttribute" or "MicroWeb.FromHeaderAttribute" or "MicroWeb.FromCookieAttribute")
        {
            // A model read from the query or form may still bind route values through its members.
            var model = source is "MicroWeb.FromQueryAttribute" or "MicroWeb.FromFormAttribute" && !TypeRules.IsSimple(type);
            return new ParameterBinding(parameter.Name, type, model ? RouteUse.Unknown : RouteUse.None, key, location);
        }

        if (TypeRules.IsFormFile(type))
        {
            return new ParameterBinding(parameter.Name, type, RouteUse.None, key, location);
        }

        if (TypeRules.IsSimple(type))
        {
            return new ParameterBinding(parameter.Name, type, source is null ? RouteUse.ByNameIfPresent : RouteUse.ByName, key, location);
        }

        // An interface or abstract class is a service; anything else a model whose members may read the route.
        return new ParameterBinding(parameter.Name, type, type.IsAbstract ? RouteUse.None : RouteUse.Unknown, key, location);
    }

    private static void CheckBindings(RouteTemplate route, string[]? methods, List<ParameterBinding> parameters, string displayName, Location? location, List<DiagnosticInfo> diagnostics)
    {
        var described = methods is null || methods[0].StartsWith("?", StringComparison.Ordinal) ? route.Text : $"{string.Join(",", methods)} {route.Text}";
        foreach (var parameter in parameters)
        {
            if (parameter.Use == RouteUse.ByName && !route.Parameters.Any(p => string.Equals(p.Name, parameter.Key, StringComparison.OrdinalIgnoreCase)))
            {
                diagnostics.Add(DiagnosticInfo.Create(ControllerDiagnostics.UnsupportedParameter, parameter.Location, displayName,
                    $"parameter '{parameter.Name}' reads route parameter '{parameter.Key}', which '{route.Text}' does not have"));
            }
        }

        var unknown = parameters.Any(p => p.Use == RouteUse.Unknown);
        foreach (var routeParameter in route.Parameters)
        {
            var readers = parameters.Where(p => p.Use is RouteUse.ByName or RouteUse.ByNameIfPresent or RouteUse.All
                && (p.Use == RouteUse.All || string.Equals(p.Key, routeParameter.Name, StringComparison.OrdinalIgnoreCase))).ToList();
            if (readers.Count == 0 && !unknown)
            {
                diagnostics.Add(DiagnosticInfo.Create(ControllerDiagnostics.UnboundRouteParameter, location, routeParameter.Name, described, displayName));
            }

            foreach (var reader in readers)
            {
                if (reader.Use == RouteUse.All)
                {
                    continue;
                }

                foreach (var constraint in routeParameter.Constraints)
                {
                    if (!TypeRules.Accepts(constraint, reader.Type, out var accepted))
                    {
                        diagnostics.Add(DiagnosticInfo.Create(ControllerDiagnostics.ConstraintTypeMismatch, reader.Location ?? location,
                            reader.Name, TypeRules.DisplayName(reader.Type), displayName, constraint, routeParameter.Name, described, accepted));
                    }
                }
            }
        }
    }

    /// <summary>Two actions of one controller answering the same method on the same route shape (or one of them any method).</summary>
    private static void CheckAmbiguity(List<(string Method, string Shape, string Template, string Action, Location? Location)> routes, List<DiagnosticInfo> diagnostics)
    {
        for (var i = 0; i < routes.Count; i++)
        {
            for (var j = 0; j < i; j++)
            {
                var (a, b) = (routes[j], routes[i]);
                var sameMethod = a.Method == b.Method || a.Method == "*" || b.Method == "*";
                if (a.Action != b.Action && sameMethod && a.Shape == b.Shape && !a.Method.StartsWith("?", StringComparison.Ordinal) && !b.Method.StartsWith("?", StringComparison.Ordinal))
                {
                    diagnostics.Add(DiagnosticInfo.Create(ControllerDiagnostics.AmbiguousRoute, b.Location, a.Action, b.Action, a.Method == "*" ? b.Method : a.Method, b.Template));
                    break;
                }
            }
        }
    }

    /// <summary>
    /// The <c>GeneratedParameter</c> of <paramref name="parameter"/>: its type as a type argument (the binders are closed
    /// over it without <c>MakeGenericType</c>), its parser when it binds from text, its description when it is a complex
    /// model (whose init-setter accessors are added to <paramref name="accessors"/>), and its nullability annotation.
    /// </summary>
    internal static string GeneratedParameter(IParameterSymbol parameter, List<string> accessors)
    {
        var type = parameter.Type;
        var name = type.ToDisplayString(s_typeFormat);
        var notNull = !type.IsValueType && parameter.NullableAnnotation == NullableAnnotation.NotAnnotated ? "true" : "false";
        if (Parser(type) is { } parser)
        {
            return $"global::MicroWeb.GeneratedParameter.Of<{name}>({notNull}, {parser})";
        }

        if (TypeRules.CollectionElement(type) is { } element && Parser(element) is { } elementParser)
        {
            return $"global::MicroWeb.GeneratedParameter.Of<{name}, {element.ToDisplayString(s_typeFormat)}>({notNull}, {elementParser})";
        }

        if (IsModel(parameter) && Describe(parameter) is { } model)
        {
            accessors.AddRange(model.Accessors);
            return $"global::MicroWeb.GeneratedParameter.Model<{name}>({notNull}, {model.Expression})";
        }

        return $"global::MicroWeb.GeneratedParameter.Of<{name}>({notNull})";
    }

    /// <summary>The <c>GeneratedParser</c> of a simple type, by the runtime's rules (<c>ValueConverter.SimpleParser</c>); null for other types.</summary>
    internal static string? Parser(ITypeSymbol type)
    {
        if (type is INamedTypeSymbol { OriginalDefinition.SpecialType: SpecialType.System_Nullable_T } nullable)
        {
            return Parser(nullable.TypeArguments[0]) is { } inner ? $"global::MicroWeb.GeneratedParser.Nullable({inner})" : null;
        }

        var name = type.ToDisplayString(s_typeFormat);
        switch (type.SpecialType)
        {
            case SpecialType.System_String:
                return "global::MicroWeb.GeneratedParser.String";
            case SpecialType.System_Boolean:
                return "global::MicroWeb.GeneratedParser.Boolean";
            case SpecialType.System_DateTime:
                return "global::MicroWeb.GeneratedParser.DateTime";
            case SpecialType.System_Double or SpecialType.System_Single or SpecialType.System_Decimal:
                return $"global::MicroWeb.GeneratedParser.Number<{name}>()";
        }

        var full = type.ToDisplayString();
        if (full == "System.DateTimeOffset")
        {
            return "global::MicroWeb.GeneratedParser.DateTimeOffset";
        }

        if (full == "System.Half")
        {
            return $"global::MicroWeb.GeneratedParser.Number<{name}>()";
        }

        if (type.TypeKind == TypeKind.Enum)
        {
            return $"global::MicroWeb.GeneratedParser.Enum<{name}>()";
        }

        return type.AllInterfaces.Any(i => i.OriginalDefinition.ToDisplayString() == "System.IParsable<TSelf>" && SymbolEqualityComparer.Default.Equals(i.TypeArguments[0], type))
            ? $"global::MicroWeb.GeneratedParser.Parsable<{name}>()"
            : null;
    }

    /// <summary>The awaiting of a returned <c>Task&lt;T&gt;</c> or <c>ValueTask&lt;T&gt;</c>, chosen here so the runtime closes nothing over T.</summary>
    internal static string? Unwrap(ITypeSymbol returnType)
    {
        if (returnType is not INamedTypeSymbol { IsGenericType: true, TypeArguments.Length: 1 } named)
        {
            return null;
        }

        var helper = named.ConstructedFrom.ToDisplayString() switch
        {
            "System.Threading.Tasks.Task<TResult>" => "UnwrapTask",
            "System.Threading.Tasks.ValueTask<TResult>" => "UnwrapValueTask",
            _ => null,
        };
        return helper is null ? null : $"global::MicroWeb.GeneratedAction.{helper}<{named.TypeArguments[0].ToDisplayString(s_typeFormat)}>()";
    }

    /// <summary>True when generated code can name every parameter type and call the method.</summary>
    internal static bool Emittable(IMethodSymbol method) =>
        !method.ReturnsByRef && !method.ReturnsByRefReadonly && method.ReturnType.TypeKind != TypeKind.Pointer
        && method.ReturnType is not { IsRefLikeType: true }
        && method.Parameters.All(p => p.Type.TypeKind != TypeKind.Dynamic && !p.Type.IsRefLikeType && TypeRules.IsAccessible(p.Type));

    /// <summary>
    /// The single public constructor's parameter types when each can be resolved with <c>GetRequiredService</c> as
    /// <c>ActivatorUtilities</c> would; null (the runtime builds the controller) for several constructors, optional
    /// or attributed (keyed) parameters.
    /// </summary>
    private static EquatableArray<string>? Constructor(INamedTypeSymbol type)
    {
        var constructors = type.InstanceConstructors.Where(c => c.DeclaredAccessibility == Accessibility.Public).ToList();
        if (constructors.Count != 1)
        {
            return null;
        }

        var parameters = constructors[0].Parameters;
        if (parameters.Any(p => p.RefKind != RefKind.None || p.HasExplicitDefaultValue || p.IsOptional || p.IsParams || p.GetAttributes().Length > 0
            || p.Type.IsRefLikeType || p.Type.TypeKind is TypeKind.Pointer or TypeKind.Dynamic || !TypeRules.IsAccessible(p.Type)))
        {
            return null;
        }

        return EquatableArray.From(parameters.Select(p => p.Type.ToDisplayString(s_typeFormat)));
    }

    private static bool InheritsFrom(INamedTypeSymbol? type, string name)
    {
        for (var t = type?.BaseType; t is not null; t = t.BaseType)
        {
            if (t.ToDisplayString() == name)
            {
                return true;
            }
        }

        return false;
    }
}

/// <summary>Which route parameters a parameter reads.</summary>
internal enum RouteUse
{
    /// <summary>None: a service, the body, a header, a framework value.</summary>
    None,

    /// <summary>The one named <see cref="ParameterBinding.Key"/>, which must exist (<c>[FromRoute]</c>).</summary>
    ByName,

    /// <summary>The one named <see cref="ParameterBinding.Key"/> when the template has it, else the query string.</summary>
    ByNameIfPresent,

    /// <summary>Every one (<c>RouteValues</c>).</summary>
    All,

    /// <summary>Perhaps some, through a model's members: no route check is certain.</summary>
    Unknown,
}

/// <summary>A parameter as the route checks see it.</summary>
internal sealed record ParameterBinding(string Name, ITypeSymbol Type, RouteUse Use, string Key, Location? Location);
