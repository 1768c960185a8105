using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;

namespace MicroWeb.Generators.Controllers;

/// <summary>
/// The runtime's type rules over symbols: which types bind from one text value (<c>ValueConverter.IsSimple</c>), which
/// are collections of them, and which CLR types a route constraint accepts (<c>RouteConstraintTypes</c>).
/// </summary>
internal static class TypeRules
{
    private static readonly SpecialType[] s_int = [SpecialType.System_Int32, SpecialType.System_Int64, SpecialType.System_Decimal, SpecialType.System_Double, SpecialType.System_Single];

    private static readonly SpecialType[] s_long = [SpecialType.System_Int64, SpecialType.System_Decimal, SpecialType.System_Double, SpecialType.System_Single];

    private static readonly SpecialType[] s_integer =
    [
        SpecialType.System_SByte, SpecialType.System_Byte, SpecialType.System_Int16, SpecialType.System_UInt16, SpecialType.System_Int32,
        SpecialType.System_UInt32, SpecialType.System_Int64, SpecialType.System_UInt64, SpecialType.System_Decimal, SpecialType.System_Double,
        SpecialType.System_Single,
    ];

    private static readonly HashSet<string> s_collections = new(StringComparer.Ordinal)
    {
        "System.Collections.Generic.List<T>", "System.Collections.Generic.IEnumerable<T>", "System.Collections.Generic.IReadOnlyList<T>",
        "System.Collections.Generic.IReadOnlyCollection<T>", "System.Collections.Generic.IList<T>", "System.Collections.Generic.ICollection<T>",
    };

    public static ITypeSymbol? CollectionElement(ITypeSymbol type)
    {
        if (type is IArrayTypeSymbol { Rank: 1 } array)
        {
            return array.ElementType;
        }

        return type is INamedTypeSymbol { IsGenericType: true } named && named.SpecialType != SpecialType.System_String
            && s_collections.Contains(named.ConstructedFrom.ToDisplayString())
            ? named.TypeArguments[0]
            : null;
    }

    /// <summary>string, an enum, an <c>IParsable&lt;TSelf&gt;</c> type, nullable or not, or a collection of them.</summary>
    public static bool IsSimple(ITypeSymbol type) => IsSingleValue(type) || (CollectionElement(type) is { } element && IsSingleValue(element));

    /// <summary><c>FormFile</c> or a collection of it, annotated nullable or not.</summary>
    public static bool IsFormFile(ITypeSymbol type) =>
        IsFormFileItself(type) || (CollectionElement(type) is { } element && IsFormFileItself(element));

    /// <summary>True when a value passing <paramref name="constraint"/> can become a <paramref name="type"/>; else the accepted types.</summary>
    public static bool Accepts(string constraint, ITypeSymbol type, out string accepted)
    {
        accepted = "";
        var key = constraint.IndexOf('(') is var open and >= 0 ? constraint.Substring(0, open) : constraint;
        var target = Underlying(CollectionElement(type) ?? type);
        var types = key switch
        {
            "int" => s_int,
            "long" => s_long,
            "min" or "max" or "range" => s_integer,
            "guid" or "bool" or "alpha" => [],
            _ => null,
        };
        if (types is null || target.SpecialType == SpecialType.System_String)
        {
            return true;
        }

        var name = target.ToDisplayString();
        var fits = key switch
        {
            "guid" => name == "System.Guid",
            "bool" => target.SpecialType == SpecialType.System_Boolean,
            "alpha" => target.SpecialType == SpecialType.System_Char || target.TypeKind == TypeKind.Enum,
            _ => Array.IndexOf(types, target.SpecialType) >= 0 || name == "System.Int128" || (name == "System.UInt128" && types == s_integer),
        };
        if (fits)
        {
            return true;
        }

        var names = key switch
        {
            "guid" => ["Guid"],
            "bool" => ["bool"],
            "alpha" => ["char"],
            _ => Names(types),
        };
        accepted = string.Join(", ", names) + (key == "alpha" ? ", an enum" : "") + " or string";
        return false;
    }

    /// <summary>The runtime's <c>ValueConverter.DisplayName</c>: C# keywords for the built-in types, the name otherwise.</summary>
    public static string DisplayName(ITypeSymbol type)
    {
        var target = Underlying(type);
        return target.TypeKind == TypeKind.Enum
            ? $"choice ({string.Join(", ", target.GetMembers().OfType<IFieldSymbol>().Where(f => f.IsConst).Select(f => f.Name))})"
            : target.ToDisplayString(SymbolDisplayFormat.MinimallyQualifiedFormat);
    }

    /// <summary>True when generated code in the same assembly can name <paramref name="type"/>.</summary>
    public static bool IsAccessible(ITypeSymbol type) => type switch
    {
        IArrayTypeSymbol array => IsAccessible(array.ElementType),
        ITypeParameterSymbol => false,
        INamedTypeSymbol named => named.TypeArguments.All(IsAccessible) && IsVisible(named),
        _ => false,
    };

    private static bool IsVisible(INamedTypeSymbol type)
    {
        for (var t = type; t is not null; t = t.ContainingType)
        {
            if (t.DeclaredAccessibility is Accessibility.Private or Accessibility.Protected or Accessibility.ProtectedAndInternal)
            {
                return false;
            }
        }

        return true;
    }

    private static IEnumerable<string> Names(SpecialType[] types)
    {
        var names = types.Select(t => t switch
        {
            SpecialType.System_SByte => "sbyte",
            SpecialType.System_Byte => "byte",
            SpecialType.System_Int16 => "short",
            SpecialType.System_UInt16 => "ushort",
            SpecialType.System_Int32 => "int",
            SpecialType.System_UInt32 => "uint",
            SpecialType.System_Int64 => "long",
            SpecialType.System_UInt64 => "ulong",
            SpecialType.System_Decimal => "decimal",
            SpecialType.System_Double => "double",
            _ => "float",
        }).ToList();
        // The runtime lists Int128 (and UInt128 for min/max/range) after the 64-bit types.
        var after = names.IndexOf("long") + 1;
        if (types != s_integer)
        {
            names.Insert(after, "Int128");
        }
        else
        {
            names.Insert(names.IndexOf("ulong") + 1, "Int128");
            names.Insert(names.IndexOf("Int128") + 1, "UInt128");
        }

        return names;
    }

    private static bool IsFormFileItself(ITypeSymbol type) => type.WithNullableAnnotation(NullableAnnotation.None).ToDisplayString() == "MicroWeb.FormFile";

    private static ITypeSymbol Underlying(ITypeSymbol type) =>
        type is INamedTypeSymbol { OriginalDefinition.SpecialType: SpecialType.System_Nullable_T } nullable ? nullable.TypeArguments[0] : type;

    private static bool IsSingleValue(ITypeSymbol type)
    {
        var target = Underlying(type);
        if (target.SpecialType == SpecialType.System_String || target.TypeKind == TypeKind.Enum)
        {
            return true;
        }

        return target.AllInterfaces.Any(i => i.OriginalDefinition.ToDisplayString() == "System.IParsable<TSelf>"
            && SymbolEqualityComparer.Default.Equals(i.TypeArguments[0], target));
    }
}
