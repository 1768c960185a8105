using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Numerics;
using System.Reflection;
using Microsoft.Extensions.Primitives;

namespace MicroWeb.Controllers;

/// <summary>Parses one text value; the shape of <c>TryParse</c>, so framework parsers plug in directly.</summary>
internal delegate bool TextParser<T>(string text, out T value);

/// <summary>
/// Turns the text values of a request source (route, query, form, header, cookie) into a .NET value.
/// Built once per parameter type at startup; parsing uses the invariant culture, so <c>1.5</c> means
/// the same on every server.
/// </summary>
internal abstract class ValueConverter
{
    /// <summary>A collection is never missing: no values make an empty collection.</summary>
    public abstract bool IsCollection { get; }

    /// <summary>The type's name as an error message shows it (<c>int</c>, <c>Guid</c>, <c>Color (Red, Green)</c>).</summary>
    public abstract string TypeName { get; }

    /// <summary>Converts to a boxed value; for model members, which are set through <see cref="object"/>.</summary>
    public abstract bool TryConvertBoxed(StringValues values, out object? result, out string? bad);

    /// <summary>The converter for <paramref name="type"/>, or null when it is not a simple type or a collection of one.</summary>
    [RequiresUnreferencedCode("Finds the IParsable<T> implementation of a type by reflection; generated code names the parser (GeneratedParser).")]
    [RequiresDynamicCode("Closes the converter and parser types over the parameter's type at run time.")]
    public static ValueConverter? For(Type type)
    {
        if (SimpleParser(type) is { } parser)
        {
            return (ValueConverter)Activator.CreateInstance(typeof(ScalarConverter<>).MakeGenericType(type), parser, DisplayName(type))!;
        }

        if (CollectionElement(type) is { } element && SimpleParser(element) is { } elementParser)
        {
            return (ValueConverter)Activator.CreateInstance(
                typeof(CollectionConverter<,>).MakeGenericType(type, element), elementParser, DisplayName(element))!;
        }

        return null;
    }

    /// <summary>True for the types bound from a single text value: string, enums and <see cref="IParsable{TSelf}"/> types, nullable or not.</summary>
    [RequiresUnreferencedCode("Finds the IParsable<T> implementation of a type by reflection; generated code names the parser (GeneratedParser).")]
    [RequiresDynamicCode("Closes the converter and parser types over the parameter's type at run time.")]
    public static bool IsSimple(Type type) => SimpleParser(type) is not null;

    /// <summary>The element type when <paramref name="type"/> is an array, <c>List&lt;T&gt;</c> or a read-only interface an array implements.</summary>
    public static Type? CollectionElement(Type type)
    {
        if (type.IsArray && type.GetArrayRank() == 1)
        {
            return type.GetElementType();
        }

        if (!type.IsGenericType || type == typeof(string))
        {
            return null;
        }

        var definition = type.GetGenericTypeDefinition();
        return definition == typeof(List<>) || definition == typeof(IEnumerable<>) || definition == typeof(IReadOnlyList<>)
            || definition == typeof(IReadOnlyCollection<>) || definition == typeof(IList<>) || definition == typeof(ICollection<>)
            ? type.GetGenericArguments()[0]
            : null;
    }

    internal static string DisplayName(Type type)
    {
        if (Nullable.GetUnderlyingType(type) is { } underlying)
        {
            return DisplayName(underlying);
        }

        if (type.IsEnum)
        {
            // The choices, not the enum's name: a client can act on them, and the app's type names stay its own.
            return $"choice ({string.Join(", ", Enum.GetNames(type))})";
        }

        return Type.GetTypeCode(type) switch
        {
            TypeCode.Boolean => "bool",
            TypeCode.Byte => "byte",
            TypeCode.SByte => "sbyte",
            TypeCode.Int16 => "short",
            TypeCode.UInt16 => "ushort",
            TypeCode.Int32 => "int",
            TypeCode.UInt32 => "uint",
            TypeCode.Int64 => "long",
            TypeCode.UInt64 => "ulong",
            TypeCode.Single => "float",
            TypeCode.Double => "double",
            TypeCode.Decimal => "decimal",
            TypeCode.String => "string",
            TypeCode.Char => "char",
            _ => type.Name,
        };
    }

    /// <summary>A <see cref="TextParser{T}"/> for <paramref name="type"/>, or null.</summary>
    [RequiresUnreferencedCode("Finds the IParsable<T> implementation of a type by reflection; generated code names the parser (GeneratedParser).")]
    [RequiresDynamicCode("Closes the converter and parser types over the parameter's type at run time.")]
    private static Delegate? SimpleParser(Type type)
    {
        if (Nullable.GetUnderlyingType(type) is { } underlying)
        {
            return SimpleParser(underlying) is { } inner
                ? Create(nameof(ParseNullable), underlying, inner)
                : null;
        }

        if (type == typeof(string))
        {
            return (TextParser<string>)ParseString;
        }

        if (type == typeof(bool))
        {
            return (TextParser<bool>)ParseBool;
        }

        if (type == typeof(DateTime))
        {
            return (TextParser<DateTime>)ParseDateTime;
        }

        if (type == typeof(DateTimeOffset))
        {
            return (TextParser<DateTimeOffset>)ParseDateTimeOffset;
        }

        if (type.IsEnum)
        {
            return Create(nameof(ParseEnum), type);
        }

        if (IsFloatingPoint(type))
        {
            return Create(nameof(ParseNumber), type);
        }

        return type.GetInterfaces().Any(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IParsable<>) && i.GetGenericArguments()[0] == type)
            ? Create(nameof(ParseParsable), type)
            : null;
    }

    private static bool IsFloatingPoint(Type type) => type == typeof(double) || type == typeof(float) || type == typeof(decimal) || type == typeof(Half);

    [RequiresUnreferencedCode("Finds the IParsable<T> implementation of a type by reflection; generated code names the parser (GeneratedParser).")]
    [RequiresDynamicCode("Closes the converter and parser types over the parameter's type at run time.")]
    private static Delegate Create(string helper, Type type, params object[] state)
    {
        var method = typeof(ValueConverter).GetMethod(helper, BindingFlags.NonPublic | BindingFlags.Static)!.MakeGenericMethod(type);
        var delegateType = typeof(TextParser<>).MakeGenericType(state.Length == 0 ? type : typeof(Nullable<>).MakeGenericType(type));
        return state.Length == 0 ? method.CreateDelegate(delegateType) : method.CreateDelegate(delegateType, state[0]);
    }

    internal static bool ParseString(string text, out string value)
    {
        value = text;
        return true;
    }

    /// <summary><c>true</c>/<c>false</c> in any case, and <c>on</c>: what an HTML checkbox without a value attribute sends.</summary>
    internal static bool ParseBool(string text, out bool value)
    {
        if (bool.TryParse(text, out value))
        {
            return true;
        }

        value = string.Equals(text, "on", StringComparison.OrdinalIgnoreCase);
        return value;
    }

    /// <summary>ISO 8601 and other invariant forms; a trailing <c>Z</c> or offset makes a UTC value, none an unspecified one.</summary>
    internal static bool ParseDateTime(string text, out DateTime value) =>
        DateTime.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out value);

    /// <summary>Without an offset the time is taken as UTC, never as the server's local time zone.</summary>
    internal static bool ParseDateTimeOffset(string text, out DateTimeOffset value) =>
        DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out value);

    /// <summary>By name (case-insensitive) or number; a number, or a comma list, must name a defined value unless the enum is <see cref="FlagsAttribute"/>.</summary>
    internal static bool ParseEnum<T>(string text, out T value)
        where T : struct, Enum
    {
        if (!Enum.TryParse(text, ignoreCase: true, out value))
        {
            return false;
        }

        return Enum.IsDefined(value) || typeof(T).IsDefined(typeof(FlagsAttribute), inherit: false);
    }

    internal static bool ParseNumber<T>(string text, out T value)
        where T : INumberBase<T> =>
        T.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out value!);

    internal static bool ParseParsable<T>(string text, out T value)
        where T : IParsable<T> =>
        T.TryParse(text, CultureInfo.InvariantCulture, out value!);

    internal static bool ParseNullable<T>(TextParser<T> inner, string text, out T? value)
        where T : struct
    {
        if (inner(text, out var parsed))
        {
            value = parsed;
            return true;
        }

        value = null;
        return false;
    }
}

/// <summary>A converter producing <typeparamref name="T"/>.</summary>
internal abstract class ValueConverter<T> : ValueConverter
{
    /// <summary>Converts <paramref name="values"/>; on failure, <paramref name="bad"/> is the value that failed.</summary>
    public abstract bool TryConvert(StringValues values, out T result, out string? bad);

    public override bool TryConvertBoxed(StringValues values, out object? result, out string? bad)
    {
        var converted = TryConvert(values, out var value, out bad);
        result = value;
        return converted;
    }
}

/// <summary>One value; when a source has several, the first wins (as for a field posted twice).</summary>
internal sealed class ScalarConverter<T>(TextParser<T> parser, string typeName) : ValueConverter<T>
{
    public override bool IsCollection => false;

    public override string TypeName => typeName;

    public override bool TryConvert(StringValues values, out T result, out string? bad)
    {
        var text = values[0] ?? "";
        if (parser(text, out result))
        {
            bad = null;
            return true;
        }

        bad = text;
        return false;
    }
}

/// <summary>Every value of a multi-valued source (<c>?tag=a&amp;tag=b</c>); empty values are skipped for non-string elements.</summary>
internal sealed class CollectionConverter<TCollection, TElement>(TextParser<TElement> parser, string elementName) : ValueConverter<TCollection>
{
    public override bool IsCollection => true;

    public override string TypeName => elementName;

    public override bool TryConvert(StringValues values, out TCollection result, out string? bad)
    {
        var items = new List<TElement>(values.Count);
        foreach (var text in values)
        {
            if (string.IsNullOrEmpty(text) && typeof(TElement) != typeof(string))
            {
                continue;
            }

            if (!parser(text ?? "", out var item))
            {
                result = default!;
                bad = text;
                return false;
            }

            items.Add(item);
        }

        bad = null;
        result = typeof(TCollection) == typeof(List<TElement>) ? (TCollection)(object)items : (TCollection)(object)items.ToArray();
        return true;
    }
}
