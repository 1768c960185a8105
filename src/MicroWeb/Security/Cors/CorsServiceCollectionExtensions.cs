using Microsoft.Extensions.DependencyInjection;

namespace MicroWeb;

/// <summary>Registers CORS policies.</summary>
public static class CorsServiceCollectionExtensions
{
    /// <summary>
    /// Adds CORS policies for <see cref="CorsExtensions.UseCors"/> and <see cref="EnableCorsAttribute"/>. Each policy is
    /// checked as it is added, so a policy the CORS protocol forbids (any origin with credentials) fails here. Calling it
    /// again adds to the same policies.
    /// </summary>
    /// <exception cref="InvalidOperationException">A policy breaks a rule of the CORS protocol; the message names it.</exception>
    public static IServiceCollection AddCors(this IServiceCollection services, Action<CorsOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configure);
        CorsOptions? options = null;
        foreach (var service in services)
        {
            if (service.ServiceType == typeof(CorsOptions) && service.ImplementationInstance is CorsOptions existing) options = existing;
        }
        if (options is null)
        {
            options = new CorsOptions();
            services.AddSingleton(options);
        }
        configure(options);
        return services;
    }
}
