namespace MicroWeb.HttpResults;

/// <summary>One response a result kind can produce: its status and the type of its JSON body (null: no body).</summary>
internal readonly record struct ResponseDescription(int StatusCode, Type? BodyType);

/// <summary>
/// Says, on a typed result's class, which response it produces (<see cref="Ok{T}"/>: 200 with a <c>T</c>), so the
/// OpenAPI document reads it from the return type alone: an attribute on the generic definition, read with
/// <see cref="Attribute.GetCustomAttribute(System.Reflection.MemberInfo, Type)"/>, needs neither an instance nor code
/// made at run time (Native AOT). A union (<see cref="Results{TResult1, TResult2}"/>) is marked <see cref="IsUnion"/>.
/// </summary>
[AttributeUsage(AttributeTargets.Class, Inherited = false)]
internal sealed class DescribedResultAttribute : Attribute
{
    /// <summary>A result with one status.</summary>
    /// <param name="statusCode">The status.</param>
    public DescribedResultAttribute(int statusCode) => StatusCode = statusCode;

    /// <summary>A union: the responses of its type arguments, in order.</summary>
    public DescribedResultAttribute() => IsUnion = true;

    public int StatusCode { get; }

    /// <summary>True when the body is the JSON of the class's (only) type argument; otherwise there is no body.</summary>
    public bool BodyIsTypeArgument { get; init; }

    public bool IsUnion { get; }
}

/// <summary>The responses of a result type, read from its <see cref="DescribedResultAttribute"/> (startup only).</summary>
internal static class ResultDescriptions
{
    /// <summary>The responses <paramref name="resultType"/> declares, or null when it declares none (a plain <see cref="IResult"/>).</summary>
    public static IReadOnlyList<ResponseDescription>? For(Type resultType)
    {
        if (Attribute.GetCustomAttribute(resultType, typeof(DescribedResultAttribute), inherit: false) is not DescribedResultAttribute described)
        {
            return null;
        }

        if (!described.IsUnion)
        {
            return [new(described.StatusCode, described.BodyIsTypeArgument ? resultType.GetGenericArguments()[0] : null)];
        }

        var all = new List<ResponseDescription>();
        foreach (var member in resultType.GetGenericArguments())
        {
            all.AddRange(For(member) ?? []);
        }

        return all;
    }
}
