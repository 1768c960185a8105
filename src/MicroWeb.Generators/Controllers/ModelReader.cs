using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using MicroWeb.Generators.Shared;

namespace MicroWeb.Generators.Controllers;

/// <summary>
/// Describes a complex model parameter as a <c>GeneratedModel&lt;T&gt;</c> expression, by the rules of the runtime's
/// reflection path (<c>ModelActivator</c>): the one public constructor (or the parameterless one among several), its
/// parameters bound by name, then the public settable and init properties it does not set, each of a simple type, a
/// collection of one or uploaded files; the properties' validation attributes (and those of the constructor parameter
/// of the same name) constructed in code. Null when the model cannot be described; the runtime then binds it by
/// reflection and, under Native AOT, MW1006 says so.
/// </summary>
internal static class ModelReader
{
    private const string ValidationAttribute = "System.ComponentModel.DataAnnotations.ValidationAttribute";

    /// <summary>The <c>GeneratedModel&lt;T&gt;</c> expression of <paramref name="type"/> and the init-setter accessors it calls; null when it cannot be generated.</summary>
    public static ModelCode? Read(ITypeSymbol type)
    {
        if (type is not INamedTypeSymbol named || named.TypeKind is not (TypeKind.Class or TypeKind.Struct) || !TypeRules.IsAccessible(named) || named.IsRefLikeType)
        {
            return null;
        }

        var name = named.ToDisplayString(ControllerReader.TypeFormat);
        var constructor = Constructor(named);
        var parameters = constructor?.Parameters ?? [];
        var accessors = new List<string>();
        var members = new List<string>();
        var arguments = new List<string>();
        foreach (var parameter in parameters)
        {
            if (parameter.RefKind is RefKind.Ref or RefKind.Out || !TypeRules.IsAccessible(parameter.Type) || parameter.Type.IsRefLikeType)
            {
                return null;
            }

            var parameterType = parameter.Type.ToDisplayString(ControllerReader.TypeFormat);
            var fallback = parameter.HasExplicitDefaultValue ? Constant(parameter.Type, parameter.ExplicitDefaultValue) : $"default({parameterType})";
            if (fallback is null)
            {
                return null;
            }

            arguments.Add(Member(parameter.Name, parameter.Type) is { } member
                ? $"values.Get<{parameterType}>({Add(members, member)}, {fallback})"
                : fallback);
        }

        var validated = new StringBuilder();
        var sets = new StringBuilder();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var t = named; t is not null && t.SpecialType != SpecialType.System_Object && t.SpecialType != SpecialType.System_ValueType; t = t.BaseType)
        {
            foreach (var property in t.GetMembers().OfType<IPropertySymbol>())
            {
                if (property.IsStatic || property.IsIndexer || property.DeclaredAccessibility != Accessibility.Public || !seen.Add(property.Name))
                {
                    continue;
                }

                var matching = parameters.Where(p => string.Equals(p.Name, property.Name, StringComparison.OrdinalIgnoreCase)).ToList();
                var validators = new List<string>();
                foreach (var attribute in Attributes(property).Concat(matching.SelectMany(p => p.GetAttributes())))
                {
                    if (IsValidation(attribute.AttributeClass))
                    {
                        if (Construct(attribute) is not { } code)
                        {
                            return null;
                        }

                        validators.Add(code);
                    }
                }

                if (validators.Count > 0 && property.GetMethod is { DeclaredAccessibility: Accessibility.Public })
                {
                    validated.Append("\n                                .Validates(\"").Append(property.Name).Append("\", static model => (object)model.@")
                        .Append(property.Name).Append(", ").Append(string.Join(", ", validators)).Append(')');
                }

                if (matching.Count > 0 || property.SetMethod is not { DeclaredAccessibility: Accessibility.Public } setter || Member(property.Name, property.Type) is not { } member)
                {
                    continue;
                }

                if (!TypeRules.IsAccessible(property.Type))
                {
                    return null;
                }

                var index = Add(members, member);
                var propertyType = property.Type.ToDisplayString(ControllerReader.TypeFormat);
                sets.Append("                                    if (values.TryGet<").Append(propertyType).Append(">(").Append(index).Append(", out var v").Append(index).Append("))\n")
                    .Append("                                    {\n                                        ");
                if (setter.IsInitOnly)
                {
                    // An init accessor cannot be called after construction in C#; UnsafeAccessor calls it as the runtime's setter.
                    var accessor = $"MicroWebInit_{Hash(name)}_{property.Name}";
                    var byRef = named.IsValueType ? "ref " : "";
                    accessors.Add("[global::System.Runtime.CompilerServices.UnsafeAccessor(global::System.Runtime.CompilerServices.UnsafeAccessorKind.Method, Name = \""
                        + setter.MetadataName + "\")]\n        private static extern void " + accessor + "(" + byRef + name + " model, " + propertyType + " value);");
                    sets.Append(accessor).Append('(').Append(byRef).Append("model, v").Append(index).Append(");\n");
                }
                else
                {
                    sets.Append("model.@").Append(property.Name).Append(" = v").Append(index).Append(";\n");
                }

                sets.Append("                                    }\n\n");
            }
        }

        string create;
        var requiredMembers = !RequiredMembersSet(named, constructor);
        if (named.IsAbstract || (constructor is null && !named.IsValueType) || requiredMembers)
        {
            // Form and query values cannot create it; a JSON body still binds it, and the runtime's startup check says so otherwise.
            create = "null";
        }
        else
        {
            create = "static values =>\n                                {\n"
                + "                                    var model = new " + name + "(" + string.Join(", ", arguments) + ");\n"
                + sets
                + "                                    return model;\n                                }";
        }

        var expression = $"new global::MicroWeb.GeneratedModel<{name}>(new global::MicroWeb.GeneratedModelMember[] {{ {string.Join(", ", members)} }},\n                                {create}){validated}";
        return new ModelCode(expression, EquatableArray.From(accessors), requiredMembers);
    }

    /// <summary>The constructor reflection's <c>GetConstructors</c> would pick: the only public one, else the public parameterless one.</summary>
    private static IMethodSymbol? Constructor(INamedTypeSymbol type)
    {
        // A struct's implicit parameterless constructor is not in metadata: reflection sees none and creates default(T).
        var constructors = type.InstanceConstructors
            .Where(c => c.DeclaredAccessibility == Accessibility.Public && !(type.IsValueType && c.IsImplicitlyDeclared))
            .ToList();
        return constructors.Count == 1 ? constructors[0] : constructors.FirstOrDefault(c => c.Parameters.Length == 0);
    }

    /// <summary>False when <c>new T(...)</c> would have to set <c>required</c> members the request may not have.</summary>
    private static bool RequiredMembersSet(INamedTypeSymbol type, IMethodSymbol? constructor)
    {
        if (constructor?.GetAttributes().Any(a => a.AttributeClass?.ToDisplayString() == "System.Diagnostics.CodeAnalysis.SetsRequiredMembersAttribute") == true)
        {
            return true;
        }

        for (var t = type; t is not null; t = t.BaseType)
        {
            if (t.GetMembers().Any(m => m is IPropertySymbol { IsRequired: true } or IFieldSymbol { IsRequired: true }))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>The <c>GeneratedModelMember</c> of a member the runtime binds (simple, a collection of simple, files); null for others.</summary>
    private static string? Member(string name, ITypeSymbol type)
    {
        var literal = SymbolDisplay.FormatLiteral(name, quote: true);
        var typeName = type.ToDisplayString(ControllerReader.TypeFormat);
        if (TypeRules.IsFormFile(type))
        {
            return $"global::MicroWeb.GeneratedModelMember.Files<{typeName}>({literal})";
        }

        if (ControllerReader.Parser(type) is { } parser)
        {
            return $"global::MicroWeb.GeneratedModelMember.Of<{typeName}>({literal}, {parser})";
        }

        return TypeRules.CollectionElement(type) is { } element && ControllerReader.Parser(element) is { } elementParser
            ? $"global::MicroWeb.GeneratedModelMember.Of<{typeName}, {element.ToDisplayString(ControllerReader.TypeFormat)}>({literal}, {elementParser})"
            : null;
    }

    private static int Add(List<string> members, string member)
    {
        members.Add(member);
        return members.Count - 1;
    }

    /// <summary>The property's attributes and those of the properties it overrides (<c>GetCustomAttributes(inherit: true)</c>).</summary>
    private static IEnumerable<AttributeData> Attributes(IPropertySymbol property)
    {
        for (var p = property; p is not null; p = p.OverriddenProperty)
        {
            foreach (var attribute in p.GetAttributes())
            {
                yield return attribute;
            }
        }
    }

    private static bool IsValidation(INamedTypeSymbol? type)
    {
        for (var t = type; t is not null; t = t.BaseType)
        {
            if (t.ToDisplayString() == ValidationAttribute)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary><c>new TAttribute(arguments) { Named = value }</c> as the attribute was written; null when code cannot construct it.</summary>
    private static string? Construct(AttributeData attribute)
    {
        if (attribute.AttributeClass is not { IsAbstract: false } type || !TypeRules.IsAccessible(type) || attribute.AttributeConstructor is not { DeclaredAccessibility: Accessibility.Public } constructor)
        {
            return null;
        }

        var code = new StringBuilder("new ").Append(type.ToDisplayString(ControllerReader.TypeFormat)).Append('(');
        for (var i = 0; i < attribute.ConstructorArguments.Length; i++)
        {
            // Cast to the parameter's type, so the overload the attribute used is the one called.
            var parameterType = constructor.Parameters[i].Type;
            if (Constant(attribute.ConstructorArguments[i]) is not { } value || !TypeRules.IsAccessible(parameterType))
            {
                return null;
            }

            code.Append(i == 0 ? "" : ", ").Append(SymbolEqualityComparer.Default.Equals(parameterType, attribute.ConstructorArguments[i].Type)
                ? value
                : $"({parameterType.ToDisplayString(ControllerReader.TypeFormat)})({value})");
        }

        code.Append(')');
        if (attribute.NamedArguments.Length > 0)
        {
            code.Append(" { ");
            for (var i = 0; i < attribute.NamedArguments.Length; i++)
            {
                if (Constant(attribute.NamedArguments[i].Value) is not { } value)
                {
                    return null;
                }

                code.Append(i == 0 ? "" : ", ").Append('@').Append(attribute.NamedArguments[i].Key).Append(" = ").Append(value);
            }

            code.Append(" }");
        }

        return code.ToString();
    }

    private static string? Constant(TypedConstant constant)
    {
        switch (constant.Kind)
        {
            case TypedConstantKind.Array:
                if (constant.Type is not IArrayTypeSymbol array || !TypeRules.IsAccessible(array.ElementType))
                {
                    return null;
                }

                if (constant.IsNull)
                {
                    return "null";
                }

                var items = new List<string>();
                foreach (var item in constant.Values)
                {
                    if (Constant(item) is not { } value)
                    {
                        return null;
                    }

                    items.Add(value);
                }

                return $"new {array.ElementType.ToDisplayString(ControllerReader.TypeFormat)}[] {{ {string.Join(", ", items)} }}";
            case TypedConstantKind.Type:
                return constant.Value is ITypeSymbol typeOf && TypeRules.IsAccessible(typeOf) ? $"typeof({typeOf.ToDisplayString(ControllerReader.TypeFormat)})" : null;
            case TypedConstantKind.Enum or TypedConstantKind.Primitive when constant.Type is { } constantType:
                return Constant(constantType, constant.Value);
            default:
                return null;
        }
    }

    /// <summary>A constant of <paramref name="type"/> as C#: typed, so an <c>object</c> argument keeps its type.</summary>
    private static string? Constant(ITypeSymbol type, object? value)
    {
        var typeName = type.ToDisplayString(ControllerReader.TypeFormat);
        if (value is null)
        {
            return $"default({typeName})";
        }

        var target = type is INamedTypeSymbol { OriginalDefinition.SpecialType: SpecialType.System_Nullable_T } nullable ? nullable.TypeArguments[0] : type;
        if (target.TypeKind == TypeKind.Enum)
        {
            return TypeRules.IsAccessible(target)
                ? $"(({target.ToDisplayString(ControllerReader.TypeFormat)})({SymbolDisplay.FormatPrimitive(value, quoteStrings: true, useHexadecimalNumbers: false)}))"
                : null;
        }

        var text = value switch
        {
            double d when double.IsNaN(d) => "double.NaN",
            double d when double.IsPositiveInfinity(d) => "double.PositiveInfinity",
            double d when double.IsNegativeInfinity(d) => "double.NegativeInfinity",
            double d => d.ToString("R", CultureInfo.InvariantCulture) + "D",
            float f when float.IsNaN(f) => "float.NaN",
            float f when float.IsPositiveInfinity(f) => "float.PositiveInfinity",
            float f when float.IsNegativeInfinity(f) => "float.NegativeInfinity",
            float f => f.ToString("R", CultureInfo.InvariantCulture) + "F",
            decimal m => m.ToString(CultureInfo.InvariantCulture) + "M",
            string or char or bool or byte or sbyte or short or ushort or int or uint or long or ulong => SymbolDisplay.FormatPrimitive(value, quoteStrings: true, useHexadecimalNumbers: false),
            _ => null,
        };
        return text is null ? null : $"(({typeName})({text}))";
    }

    /// <summary>A stable (FNV-1a) hash of the model's name: accessors of different models never share a name.</summary>
    private static string Hash(string text)
    {
        var hash = 2166136261u;
        foreach (var c in text)
        {
            hash = unchecked((hash ^ c) * 16777619u);
        }

        return hash.ToString("x8", CultureInfo.InvariantCulture);
    }
}

/// <summary>A model's <c>GeneratedModel&lt;T&gt;</c> expression and the <c>UnsafeAccessor</c> declarations it calls.</summary>
/// <param name="Expression">The <c>GeneratedModel&lt;T&gt;</c> expression.</param>
/// <param name="Accessors">The accessors of its init setters.</param>
/// <param name="RequiredMembers">
/// True when it has <c>required</c> members its constructor does not set: generated code cannot create it without
/// them, so only a JSON body binds it without reflection (form and query values need <c>ModelActivator</c>).
/// </param>
internal sealed record ModelCode(string Expression, EquatableArray<string> Accessors, bool RequiredMembers);
