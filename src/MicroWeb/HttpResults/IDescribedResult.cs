using System.Diagnostics.CodeAnalysis;
using System.Reflection;

namespace MicroWeb.HttpResults;

/// <summary>One response a result kind can produce: its status and the type of its JSON body (null: no body).</summary>
internal readonly record struct ResponseDescription(int StatusCode, Type? BodyType);

/// <summary>
/// A result type that states, without an instance, which responses it produces (<see cref="Ok{T}"/>: 200 with a
/// <c>T</c>). Read once at startup by the OpenAPI document, through <see cref="ResultDescriptions.For"/>.
/// </summary>
internal interface IDescribedResult
{
    static abstract IReadOnlyList<ResponseDescription> Responses { get; }
}

/// <summary>The responses of a result type, read by reflection (startup only).</summary>
internal static class ResultDescriptions
{
    private static readonly MethodInfo s_of = typeof(ResultDescriptions).GetMethod(nameof(Of), BindingFlags.NonPublic | BindingFlags.Static)!;

    /// <summary>The responses <paramref name="resultType"/> declares, or null when it declares none (a plain <see cref="IResult"/>).</summary>
    [RequiresUnreferencedCode("Reads a static abstract member of the result type through MakeGenericMethod (the OpenAPI document, itself RequiresUnreferencedCode).")]
    [RequiresDynamicCode("Closes a generic method over the result type at run time (the OpenAPI document, itself RequiresDynamicCode).")]
    public static IReadOnlyList<ResponseDescription>? For(Type resultType) =>
        typeof(IDescribedResult).IsAssignableFrom(resultType)
            ? (IReadOnlyList<ResponseDescription>)s_of.MakeGenericMethod(resultType).Invoke(null, null)!
            : null;

    /// <summary>
    /// False in a trimmed or Native AOT app (the switch of the controllers' reflection fallback, which MicroWeb's build
    /// targets turn off there): the OpenAPI document, the only reader of the descriptions, is not available there either.
    /// </summary>
    [FeatureSwitchDefinition("MicroWeb.Controllers.Reflection")]
    [FeatureGuard(typeof(RequiresUnreferencedCodeAttribute))]
    [FeatureGuard(typeof(RequiresDynamicCodeAttribute))]
    private static bool IsSupported { get; } = !AppContext.TryGetSwitch("MicroWeb.Controllers.Reflection", out var on) || on;

    /// <summary>The responses of every member of a union, in order (for <see cref="Results{TResult1, TResult2}"/>); empty when reflection is off.</summary>
    public static IReadOnlyList<ResponseDescription> Union(params Type[] members)
    {
        if (!IsSupported)
        {
            return [];
        }

        var all = new List<ResponseDescription>();
        foreach (var member in members)
        {
            all.AddRange(For(member) ?? []);
        }

        return all;
    }

    private static IReadOnlyList<ResponseDescription> Of<T>()
        where T : IDescribedResult => T.Responses;
}
