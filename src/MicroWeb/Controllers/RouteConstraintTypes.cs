using MicroWeb.Routing;

namespace MicroWeb.Controllers;

/// <summary>
/// Which CLR types a parameter bound to a constrained route value may have: the one table of it. A value that
/// passed <c>{id:int}</c> must also convert to the parameter, or every matching request would be a 400 that
/// no client can fix; checked at startup, per bound route parameter.
/// </summary>
/// <remarks>
/// <see cref="string"/> takes any value, and a nullable type takes what its underlying type takes. A collection
/// parameter (<c>int[]</c>) is judged by its element. The text-shape constraints (<c>length</c>,
/// <c>minlength</c>, <c>maxlength</c>, <c>regex</c>) say nothing about the type, so any type takes them.
/// </remarks>
internal static class RouteConstraintTypes
{
    private static readonly Type[] s_int = [typeof(int), typeof(long), typeof(Int128), typeof(decimal), typeof(double), typeof(float)];

    private static readonly Type[] s_long = [typeof(long), typeof(Int128), typeof(decimal), typeof(double), typeof(float)];

    /// <summary>min, max and range test a 64-bit integer; any integer type fits a sensible range, floating types too.</summary>
    private static readonly Type[] s_integer =
    [
        typeof(sbyte), typeof(byte), typeof(short), typeof(ushort), typeof(int), typeof(uint), typeof(long), typeof(ulong),
        typeof(Int128), typeof(UInt128), typeof(decimal), typeof(double), typeof(float),
    ];

    private static readonly Dictionary<string, Type[]> s_accepted = new(StringComparer.Ordinal)
    {
        ["int"] = s_int,
        ["long"] = s_long,
        ["min"] = s_integer,
        ["max"] = s_integer,
        ["range"] = s_integer,
        ["guid"] = [typeof(Guid)],
        ["bool"] = [typeof(bool)],
        ["alpha"] = [typeof(char)],
    };

    /// <summary>
    /// True when a value passing <paramref name="constraint"/> can become a <paramref name="type"/>; otherwise
    /// <paramref name="accepted"/> lists the types that would (for the error message).
    /// </summary>
    public static bool Accepts(RouteConstraint constraint, Type type, out string accepted)
    {
        accepted = "";
        var target = ValueConverter.CollectionElement(type) ?? type;
        target = Nullable.GetUnderlyingType(target) ?? target;
        if (target == typeof(string) || !s_accepted.TryGetValue(constraint.Name, out var types))
        {
            return true;
        }

        // Letters only: an enum's names are letters, so {color:alpha} → Color is sound.
        if (Array.IndexOf(types, target) >= 0 || (constraint.Name == "alpha" && target.IsEnum))
        {
            return true;
        }

        accepted = string.Join(", ", types.Select(ValueConverter.DisplayName))
            + (constraint.Name == "alpha" ? ", an enum" : "") + " or string";
        return false;
    }
}
