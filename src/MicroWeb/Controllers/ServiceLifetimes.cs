using Microsoft.Extensions.DependencyInjection;

namespace MicroWeb.Controllers;

/// <summary>
/// The lifetime of each registered service, captured when the app is built. Lets the controller layer
/// build a controller whose dependencies are all singletons from the root provider, without opening a
/// request scope for it.
/// </summary>
internal sealed class ServiceLifetimes
{
    private readonly Dictionary<Type, ServiceLifetime> _lifetimes = [];

    public ServiceLifetimes(IServiceCollection services)
    {
        // The last registration of a type is the one the provider resolves.
        foreach (var descriptor in services)
        {
            if (!descriptor.IsKeyedService)
            {
                _lifetimes[descriptor.ServiceType] = descriptor.Lifetime;
            }
        }
    }

    /// <summary>True when <paramref name="serviceType"/> resolves to a singleton: its own registration, or else its open generic one (<c>ILogger&lt;&gt;</c>).</summary>
    public bool IsSingleton(Type serviceType)
    {
        if (_lifetimes.TryGetValue(serviceType, out var lifetime)
            || (serviceType.IsConstructedGenericType && _lifetimes.TryGetValue(serviceType.GetGenericTypeDefinition(), out lifetime)))
        {
            return lifetime == ServiceLifetime.Singleton;
        }

        return false;
    }
}
