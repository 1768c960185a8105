using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;

namespace MicroWeb;

/// <summary>Configures the app's <see cref="JsonOptions"/> from the services, before the app is built.</summary>
public static class JsonServiceCollectionExtensions
{
    /// <summary>
    /// Changes the serializer settings of the <see cref="JsonOptions"/> in <paramref name="services"/>, registering one
    /// (with the defaults) if there is none. For a trimmed or Native AOT app, put the app's source-generated context
    /// first: <c>builder.Services.ConfigureJson(json =&gt; json.TypeInfoResolverChain.Insert(0, AppJson.Default))</c>.
    /// </summary>
    /// <exception cref="InvalidOperationException">The registered <see cref="JsonOptions"/> is not a ready instance (a factory or a type).</exception>
    public static IServiceCollection ConfigureJson(this IServiceCollection services, Action<JsonSerializerOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configure);
        JsonOptions? options = null;
        for (var i = services.Count - 1; i >= 0 && options is null; i--)
        {
            var descriptor = services[i];
            if (descriptor.ServiceType != typeof(JsonOptions) || descriptor.IsKeyedService)
            {
                continue;
            }

            options = descriptor.ImplementationInstance as JsonOptions
                ?? throw new InvalidOperationException("ConfigureJson needs the JsonOptions service registered as an instance (services.AddSingleton(new JsonOptions())), not as a type or factory.");
        }

        if (options is null)
        {
            options = new JsonOptions();
            services.AddSingleton(options);
        }

        configure(options.SerializerOptions);
        return services;
    }
}
