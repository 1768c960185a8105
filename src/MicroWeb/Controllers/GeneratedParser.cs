using System.ComponentModel;
using System.Numerics;
using MicroWeb.Controllers;

namespace MicroWeb;

/// <summary>
/// For generated code: the text parser of one simple type, chosen at compile time by the same rules
/// <c>ValueConverter</c> applies at run time (string, bool, dates, enums, floating-point numbers, <see cref="IParsable{TSelf}"/>,
/// and <see cref="Nullable{T}"/> of them), so both paths parse alike.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class GeneratedParser
{
    /// <summary>For generated code: <see cref="string"/>, taken as is.</summary>
    public static GeneratedParser<string> String { get; } = new(ValueConverter.ParseString, "string");

    /// <summary>For generated code: <see cref="bool"/>, <c>true</c>/<c>false</c> in any case and <c>on</c>.</summary>
    public static GeneratedParser<bool> Boolean { get; } = new(ValueConverter.ParseBool, "bool");

    /// <summary>For generated code: <see cref="System.DateTime"/>, invariant culture, round-trip kind.</summary>
    public static GeneratedParser<DateTime> DateTime { get; } = new(ValueConverter.ParseDateTime, ValueConverter.DisplayName(typeof(DateTime)));

    /// <summary>For generated code: <see cref="System.DateTimeOffset"/>, UTC when the text has no offset.</summary>
    public static GeneratedParser<DateTimeOffset> DateTimeOffset { get; } = new(ValueConverter.ParseDateTimeOffset, ValueConverter.DisplayName(typeof(DateTimeOffset)));

    /// <summary>For generated code: an enum, by name or defined number.</summary>
    /// <typeparam name="T">The enum.</typeparam>
    public static GeneratedParser<T> Enum<T>()
        where T : struct, Enum => new(ValueConverter.ParseEnum, ValueConverter.DisplayName(typeof(T)));

    /// <summary>For generated code: a floating-point number (<c>double</c>, <c>float</c>, <c>decimal</c>, <c>Half</c>), invariant culture.</summary>
    /// <typeparam name="T">The number type.</typeparam>
    public static GeneratedParser<T> Number<T>()
        where T : INumberBase<T> => new(ValueConverter.ParseNumber, ValueConverter.DisplayName(typeof(T)));

    /// <summary>For generated code: any other <see cref="IParsable{TSelf}"/> type, invariant culture.</summary>
    /// <typeparam name="T">The type.</typeparam>
    public static GeneratedParser<T> Parsable<T>()
        where T : IParsable<T> => new(ValueConverter.ParseParsable, ValueConverter.DisplayName(typeof(T)));

    /// <summary>For generated code: <see cref="Nullable{T}"/> of a type <paramref name="inner"/> parses.</summary>
    /// <typeparam name="T">The underlying type.</typeparam>
    /// <param name="inner">Its parser.</param>
    public static GeneratedParser<T?> Nullable<T>(GeneratedParser<T> inner)
        where T : struct
    {
        ArgumentNullException.ThrowIfNull(inner);
        var parse = inner.Parse;
        return new((string text, out T? value) => ValueConverter.ParseNullable(parse, text, out value), inner.TypeName);
    }
}

/// <summary>For generated code: a parser of <typeparamref name="T"/> from <see cref="GeneratedParser"/>.</summary>
/// <typeparam name="T">The parsed type.</typeparam>
[EditorBrowsable(EditorBrowsableState.Never)]
public sealed class GeneratedParser<T>
{
    internal GeneratedParser(TextParser<T> parse, string typeName)
    {
        Parse = parse;
        TypeName = typeName;
    }

    internal TextParser<T> Parse { get; }

    internal string TypeName { get; }
}
