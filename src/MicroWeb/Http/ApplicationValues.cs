using Microsoft.Extensions.DependencyInjection;

namespace MicroWeb.Http;

/// <summary>
/// What one application resolves once, when its server is created, for every request to read without a
/// service-provider lookup: the form limits (an Http type) and the result layer's own holder, which Http
/// carries without knowing its type (Http must not depend on the layers above it).
/// </summary>
internal sealed class ApplicationValues(FormOptions formOptions, object? results)
{
    private static readonly FormOptions s_defaultFormOptions = new();

    /// <summary>The registered <see cref="MicroWeb.FormOptions"/>, or the defaults.</summary>
    public FormOptions FormOptions { get; } = formOptions;

    /// <summary>
    /// The app's <c>HttpResults.ResultServices</c>; null for a context built outside an app (unit tests, benchmarks),
    /// whose results then resolve what they need from <see cref="HttpContext.ApplicationServices"/>.
    /// </summary>
    public object? Results { get; } = results;

    /// <summary>The registered <see cref="MicroWeb.FormOptions"/> (a singleton, from the root provider), or the defaults.</summary>
    public static FormOptions ResolveFormOptions(IServiceProvider services) => services.GetService<FormOptions>() ?? s_defaultFormOptions;

    /// <summary>For a server or context built without an app: the form options only.</summary>
    public static ApplicationValues Resolve(IServiceProvider services) => new(ResolveFormOptions(services), null);
}
