using System.Text.Json;
using MicroWeb.Http;
using Microsoft.Extensions.DependencyInjection;

namespace MicroWeb;

/// <summary>
/// The System.Text.Json settings for JSON results and JSON request bodies. Register an instance in the
/// services to change them (<c>builder.Services.AddSingleton(new JsonOptions { … })</c>); otherwise
/// <see cref="Default"/> applies: camelCase property names, case-insensitive reading, numbers read from
/// strings as well. Types come from <see cref="JsonSerializerOptions.TypeInfoResolverChain"/>: put the app's
/// <c>JsonSerializerContext</c> first (<see cref="JsonServiceCollectionExtensions.ConfigureJson"/>); after it come
/// MicroWeb's own types and, unless the app is trimmed or Native AOT, reflection.
/// </summary>
public sealed class JsonOptions
{
    /// <summary>The settings used when the services hold no <see cref="JsonOptions"/>.</summary>
    public static JsonOptions Default { get; } = new();

    /// <summary>Creates options with the defaults described on the class.</summary>
    public JsonOptions()
    {
        SerializerOptions = JsonTypes.CreateWebOptions();
    }

    /// <summary>The serializer settings; change them before the app starts serving, they are shared by every request.</summary>
    public JsonSerializerOptions SerializerOptions { get; }

    /// <summary>The settings registered in <paramref name="services"/> (the root provider: a singleton, so no request scope is created), or the defaults.</summary>
    internal static JsonSerializerOptions Resolve(IServiceProvider services) =>
        (services.GetService<JsonOptions>() ?? Default).SerializerOptions;
}
