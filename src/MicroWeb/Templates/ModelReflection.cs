using System.Diagnostics.CodeAnalysis;

namespace MicroWeb.Templates;

/// <summary>
/// The feature switch over the runtime template engine's reflection over POCO and anonymous-type models. On under the
/// JIT; the MicroWeb package's build targets turn it off for <c>PublishAot</c> and <c>PublishTrimmed</c>. Dictionary,
/// <c>JsonElement</c> and <c>JsonNode</c> models need no reflection and render either way (docs/aot.md).
/// </summary>
internal static class ModelReflection
{
    /// <summary>The runtime configuration option (<c>RuntimeHostConfigurationOption</c>) that turns it off.</summary>
    public const string Switch = "MicroWeb.Templates.Reflection";

    /// <summary>True when the runtime engine may read models by reflection; false in a trimmed or Native AOT app.</summary>
    [FeatureSwitchDefinition(Switch)]
    [FeatureGuard(typeof(RequiresUnreferencedCodeAttribute))]
    [FeatureGuard(typeof(RequiresDynamicCodeAttribute))]
    public static bool IsSupported { get; } = !AppContext.TryGetSwitch(Switch, out var on) || on;
}
