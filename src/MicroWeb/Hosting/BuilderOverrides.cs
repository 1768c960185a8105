using Microsoft.Extensions.DependencyInjection;

namespace MicroWeb.Hosting;

/// <summary>
/// Settings and service registrations a test host (MicroWeb.Testing) imposes on the
/// <see cref="MicroWebAppBuilder"/>s created in its asynchronous flow while it calls an app factory, so
/// user code such as <c>MyApp.Build(args)</c> can be tested with overrides it knows nothing about.
/// </summary>
/// <remarks>
/// Contract: <see cref="Settings"/> win over every other configuration source, also while the app reads
/// configuration before <see cref="MicroWebAppBuilder.Build"/>, and feed the environment and content-root
/// lookup; <see cref="ServiceConfigurations"/> run in <see cref="MicroWebAppBuilder.Build"/> after the app's
/// own registrations and MicroWeb's defaults, just before the container is built. The ambient value is an
/// <see cref="AsyncLocal{T}"/>, so parallel tests do not see each other's overrides.
/// </remarks>
internal sealed class BuilderOverrides
{
    private static readonly AsyncLocal<BuilderOverrides?> s_current = new();

    public BuilderOverrides(IReadOnlyList<KeyValuePair<string, string?>> settings, IReadOnlyList<Action<IServiceCollection>> serviceConfigurations)
    {
        Settings = settings;
        ServiceConfigurations = serviceConfigurations;
    }

    /// <summary>The overrides in effect for builders created in the current asynchronous flow, if any.</summary>
    public static BuilderOverrides? Current => s_current.Value;

    public IReadOnlyList<KeyValuePair<string, string?>> Settings { get; }

    public IReadOnlyList<Action<IServiceCollection>> ServiceConfigurations { get; }

    /// <summary>
    /// Makes <paramref name="overrides"/> current until the returned scope is disposed. Call it from a
    /// synchronous method: an async method would restore the previous value when it returns.
    /// </summary>
    public static IDisposable Push(BuilderOverrides overrides)
    {
        var scope = new Scope(s_current.Value);
        s_current.Value = overrides;
        return scope;
    }

    private sealed class Scope(BuilderOverrides? previous) : IDisposable
    {
        public void Dispose() => s_current.Value = previous;
    }
}
