using System.Diagnostics.CodeAnalysis;

namespace MicroWeb.Controllers;

/// <summary>
/// The feature switch over the controllers' reflection fallback: discovery by <c>GetExportedTypes</c>, binders built
/// with <c>MakeGenericType</c>, invokers compiled from expression trees, <c>MapGet</c> with a delegate. On under the
/// JIT; the MicroWeb package's build targets turn it off for <c>PublishAot</c> and <c>PublishTrimmed</c>, so the
/// trimmer removes the fallback and the analyzers accept the calls it guards (docs/aot.md, "Generated controllers").
/// </summary>
internal static class ControllerReflection
{
    /// <summary>The runtime configuration option (<c>RuntimeHostConfigurationOption</c>) that turns the fallback off.</summary>
    public const string Switch = "MicroWeb.Controllers.Reflection";

    /// <summary>True when the reflection fallback may run; false in a trimmed or Native AOT app.</summary>
    [FeatureSwitchDefinition(Switch)]
    [FeatureGuard(typeof(RequiresUnreferencedCodeAttribute))]
    [FeatureGuard(typeof(RequiresDynamicCodeAttribute))]
    public static bool IsSupported { get; } = !AppContext.TryGetSwitch(Switch, out var on) || on;

    /// <summary>What a controller without a generated table gets when the fallback is off: its name and the fix.</summary>
    public static InvalidOperationException NotGenerated(string what) =>
        new($"{what} needs reflection, which is off in a trimmed or Native AOT app (MicroWeb.Controllers.Reflection=false): "
            + "build the controller's assembly with the MicroWeb source generator (the MicroWeb package, SDK 10.0.100 or newer) "
            + "so its table is generated, and map handlers with a RequestDelegate (context => ...); see docs/aot.md.");
}
