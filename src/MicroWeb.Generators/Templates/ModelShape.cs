using System.Collections.Generic;
using System.Linq;
using System.Text;
using Microsoft.CodeAnalysis;

namespace MicroWeb.Generators.Templates;

/// <summary>How a value of a type behaves in a template: what writes it, what makes it falsey, what a section does with it.</summary>
internal enum ShapeKind
{
    /// <summary>A class, struct or interface: its public instance properties and fields are names.</summary>
    Object,
    Bool,
    String,
    /// <summary>string, primitives, enums, decimal: no names inside (the runtime's NoMembersShape).</summary>
    Scalar,
    /// <summary><c>T?</c> over a value type: null or the underlying value.</summary>
    NullableValue,
    /// <summary>An <c>IEnumerable&lt;T&gt;</c> (not a string or dictionary): sections iterate it.</summary>
    Enumerable,
    /// <summary>object, dynamic, dictionaries, JSON, non-generic lists: names are known only at run time.</summary>
    Dynamic,
    /// <summary>Reachable but not described (the description is bounded): names are not checked.</summary>
    Opaque,
}

internal sealed class MemberShape(string name, int type)
{
    public string Name { get; } = name;

    public int Type { get; } = type;
}

/// <summary>One type as the template sees it. <see cref="Element"/> is the element (Enumerable) or underlying (NullableValue) type.</summary>
internal sealed class TypeShape(string display, ShapeKind kind, bool isValueType, bool spanFormattable, int element, MemberShape[] members,
    bool utf8Formattable = false)
{
    public string Display { get; } = display;

    public ShapeKind Kind { get; } = kind;

    public bool IsValueType { get; } = isValueType;

    /// <summary>A value type implementing ISpanFormattable: formats straight into the output.</summary>
    public bool SpanFormattable { get; } = spanFormattable;

    /// <summary>A value type implementing IUtf8SpanFormattable: formats straight into the UTF-8 output.</summary>
    public bool Utf8Formattable { get; } = utf8Formattable;

    public int Element { get; } = element;

    public MemberShape[] Members { get; } = members;

    /// <summary>The runtime's lookup: the exact name first, then ignoring case; the first declared wins.</summary>
    public MemberShape? Find(string name)
    {
        foreach (var member in Members)
        {
            if (member.Name == name)
                return member;
        }
        foreach (var member in Members)
        {
            if (string.Equals(member.Name, name, System.StringComparison.OrdinalIgnoreCase))
                return member;
        }
        return null;
    }

    public void AppendKey(StringBuilder key)
    {
        key.Append(Display).Append('|').Append((int)Kind).Append('|').Append(IsValueType).Append(SpanFormattable).Append(Utf8Formattable).Append('|').Append(Element);
        foreach (var member in Members)
            key.Append(';').Append(member.Name).Append(':').Append(member.Type);
        key.Append('\n');
    }
}

/// <summary>
/// Describes the model type and every type reachable through its public members, breadth first and bounded, as
/// plain data: the generator's output step needs no symbols, so an edit elsewhere in the compilation leaves the
/// description equal and the step cached.
/// </summary>
internal sealed class ShapeBuilder
{
    private const int MaxTypes = 400;

    private readonly List<TypeShape?> _shapes = [];
    private readonly Dictionary<ITypeSymbol, int> _ids = new(SymbolEqualityComparer.IncludeNullability);
    private readonly Queue<(ITypeSymbol Type, int Id)> _pending = new();

    public static TypeShape[] Describe(ITypeSymbol root)
    {
        var builder = new ShapeBuilder();
        builder.Id(root);
        while (builder._pending.Count > 0)
        {
            var (type, id) = builder._pending.Dequeue();
            builder._shapes[id] = builder.Build(type);
        }
        return [.. builder._shapes.Select(s => s!)];
    }

    private int Id(ITypeSymbol type)
    {
        type = type.WithNullableAnnotation(NullableAnnotation.NotAnnotated);
        if (_ids.TryGetValue(type, out var id))
            return id;
        id = _shapes.Count;
        _ids[type] = id;
        if (id >= MaxTypes)
        {
            _shapes.Add(new TypeShape(type.ToDisplayString(), ShapeKind.Opaque, type.IsValueType, false, -1, []));
            return id;
        }
        _shapes.Add(null);
        _pending.Enqueue((type, id));
        return id;
    }

    private TypeShape Build(ITypeSymbol type)
    {
        var display = type.ToDisplayString();
        var isValue = type.IsValueType;
        switch (type.SpecialType)
        {
            case SpecialType.System_Boolean:
                return new TypeShape(display, ShapeKind.Bool, true, false, -1, []);
            case SpecialType.System_String:
                return new TypeShape(display, ShapeKind.String, false, false, -1, []);
            case SpecialType.System_Object:
                return new TypeShape(display, ShapeKind.Dynamic, false, false, -1, []);
        }
        if (type.TypeKind == TypeKind.Dynamic || type.TypeKind == TypeKind.TypeParameter || type.TypeKind == TypeKind.Pointer
            || type.TypeKind == TypeKind.FunctionPointer || type.TypeKind == TypeKind.Delegate)
        {
            return new TypeShape(display, ShapeKind.Dynamic, isValue, false, -1, []);
        }
        if (type is INamedTypeSymbol { OriginalDefinition.SpecialType: SpecialType.System_Nullable_T } nullable)
            return new TypeShape(display, ShapeKind.NullableValue, true, false, Id(nullable.TypeArguments[0]), []);
        var spanFormattable = isValue && Implements(type, "System.ISpanFormattable");
        var utf8 = isValue && type.TypeKind != TypeKind.Enum && Implements(type, "System.IUtf8SpanFormattable");
        if (type.TypeKind == TypeKind.Enum || (type.SpecialType >= SpecialType.System_Char && type.SpecialType <= SpecialType.System_Double)
            || type.SpecialType == SpecialType.System_Decimal || type.SpecialType == SpecialType.System_IntPtr || type.SpecialType == SpecialType.System_UIntPtr)
        {
            return new TypeShape(display, ShapeKind.Scalar, isValue, spanFormattable || type.TypeKind == TypeKind.Enum, -1, [], utf8);
        }
        if (IsDynamic(type))
            return new TypeShape(display, ShapeKind.Dynamic, isValue, false, -1, []);
        if (ElementType(type) is { } element)
            return new TypeShape(display, ShapeKind.Enumerable, isValue, false, Id(element), []);
        if (Implements(type, "System.Collections.IEnumerable"))
            return new TypeShape(display, ShapeKind.Dynamic, isValue, false, -1, []);
        return new TypeShape(display, ShapeKind.Object, isValue, spanFormattable, -1, Members(type), utf8);
    }

    /// <summary>The runtime's ObjectShape: public instance properties with a public getter and no parameters, then public instance fields, inherited ones included.</summary>
    private MemberShape[] Members(ITypeSymbol type)
    {
        var members = new List<MemberShape>();
        var seen = new HashSet<string>();
        var properties = new List<IPropertySymbol>();
        var fields = new List<IFieldSymbol>();
        foreach (var current in Hierarchy(type))
        {
            foreach (var member in current.GetMembers())
            {
                if (member.IsStatic || member.DeclaredAccessibility != Accessibility.Public)
                    continue;
                switch (member)
                {
                    case IPropertySymbol { IsIndexer: false, GetMethod.DeclaredAccessibility: Accessibility.Public } property
                        when !property.Type.IsRefLikeType && !property.ReturnsByRef && !property.ReturnsByRefReadonly:
                        properties.Add(property);
                        break;
                    case IFieldSymbol { AssociatedSymbol: null } field when !field.Type.IsRefLikeType:
                        fields.Add(field);
                        break;
                }
            }
        }
        foreach (var property in properties)
        {
            if (seen.Add(property.Name))
                members.Add(new MemberShape(property.Name, Id(property.Type)));
        }
        foreach (var field in fields)
        {
            if (seen.Add(field.Name))
                members.Add(new MemberShape(field.Name, Id(field.Type)));
        }
        return [.. members];
    }

    private static IEnumerable<ITypeSymbol> Hierarchy(ITypeSymbol type)
    {
        if (type.TypeKind == TypeKind.Interface)
        {
            yield return type;
            foreach (var inherited in type.AllInterfaces)
                yield return inherited;
            yield break;
        }
        for (var current = type; current is not null && current.SpecialType != SpecialType.System_Object
            && current.SpecialType != SpecialType.System_ValueType; current = current.BaseType)
        {
            yield return current;
        }
    }

    private static bool IsDynamic(ITypeSymbol type)
    {
        var name = type.ToDisplayString();
        if (name.StartsWith("System.Text.Json.", System.StringComparison.Ordinal))
            return true;
        return Implements(type, "System.Collections.IDictionary")
            || AllInterfaces(type).Any(i => i.OriginalDefinition.ToDisplayString() is "System.Collections.Generic.IReadOnlyDictionary<TKey, TValue>"
                or "System.Collections.Generic.IDictionary<TKey, TValue>");
    }

    private static ITypeSymbol? ElementType(ITypeSymbol type)
    {
        if (type is IArrayTypeSymbol array)
            return array.ElementType;
        foreach (var candidate in AllInterfaces(type))
        {
            if (candidate.OriginalDefinition.SpecialType == SpecialType.System_Collections_Generic_IEnumerable_T)
                return candidate.TypeArguments[0];
        }
        return null;
    }

    private static IEnumerable<INamedTypeSymbol> AllInterfaces(ITypeSymbol type)
    {
        if (type is INamedTypeSymbol { TypeKind: TypeKind.Interface } self)
            yield return self;
        foreach (var i in type.AllInterfaces)
            yield return i;
    }

    private static bool Implements(ITypeSymbol type, string name) =>
        AllInterfaces(type).Any(i => i.ToDisplayString() == name);
}
