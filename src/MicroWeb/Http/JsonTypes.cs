using System.Diagnostics.CodeAnalysis;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace MicroWeb.Http;

/// <summary>
/// Where MicroWeb's JSON gets its type information: the options' resolver chain, ending in MicroWeb's own context and,
/// where the app allows reflection, the reflection resolver. Every serialization goes through a <see cref="JsonTypeInfo"/>
/// so that a trimmed or Native AOT app (reflection disabled) fails on a missing type with a message that says what to add.
/// </summary>
internal static class JsonTypes
{
    /// <summary>The end of every MicroWeb resolver chain: MicroWeb's own types, then reflection when it is enabled.</summary>
    public static IJsonTypeInfoResolver Fallback { get; } = CreateFallback();

    /// <summary>Web defaults (camelCase, case-insensitive reading) over <see cref="Fallback"/>.</summary>
    public static JsonSerializerOptions CreateWebOptions()
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web);
        options.TypeInfoResolverChain.Add(Fallback);
        return options;
    }

    /// <summary>The type information for <paramref name="type"/>, or an error naming the type and the fix.</summary>
    /// <exception cref="InvalidOperationException">The options' resolvers know nothing of <paramref name="type"/>.</exception>
    public static JsonTypeInfo For(JsonSerializerOptions options, Type type)
    {
        if (options.TryGetTypeInfo(type, out var info))
        {
            return info;
        }

        throw new InvalidOperationException(
            $"MicroWeb cannot serialize '{type.FullName}' as JSON: no resolver of the app's JSON options knows the type" +
            (JsonSerializer.IsReflectionEnabledByDefault ? "." : ", and reflection-based serialization is disabled (a trimmed or Native AOT app).") +
            $" Add [JsonSerializable(typeof({type.Name}))] to the app's JsonSerializerContext and register the context: " +
            "builder.Services.ConfigureJson(json => json.TypeInfoResolverChain.Insert(0, AppJson.Default)); see docs/aot.md.");
    }

    [UnconditionalSuppressMessage("Trimming", "IL2026", Justification = "The reflection resolver is created only when JsonSerializer.IsReflectionEnabledByDefault, a feature switch that trimmed and Native AOT apps turn off, and the trimmer removes this branch with it (as System.Text.Json's own default options do).")]
    [UnconditionalSuppressMessage("AOT", "IL3050", Justification = "As for IL2026: under Native AOT reflection is disabled by default and the branch is removed.")]
    private static IJsonTypeInfoResolver CreateFallback() =>
        JsonSerializer.IsReflectionEnabledByDefault
            ? JsonTypeInfoResolver.Combine(MicroWebJsonContext.Default, new DefaultJsonTypeInfoResolver())
            : MicroWebJsonContext.Default;
}
