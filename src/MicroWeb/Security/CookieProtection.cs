using System.Collections.Concurrent;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace MicroWeb.Security;

/// <summary>
/// The app's cookie protectors, one per purpose, all derived from the <see cref="KeyRing"/>. A singleton in DI.
/// Configured keys are parsed when it is created (when the app is built), so a bad key fails at startup; the key
/// file is read, or created, on first use, so an app that protects nothing never writes one.
/// </summary>
internal sealed class CookieProtection
{
    private readonly Lazy<KeyRing> _ring;
    private readonly ConcurrentDictionary<string, DataProtector> _protectors = new(StringComparer.Ordinal);

    public CookieProtection(IConfiguration configuration, string contentRoot)
    {
        var configured = KeyRing.FromConfiguration(configuration);
        _ring = configured is not null ? new Lazy<KeyRing>(configured) : new Lazy<KeyRing>(() => KeyRing.FromKeyFile(configuration, contentRoot));
    }

    /// <summary>The protector for <paramref name="purpose"/>; its tokens verify for no other purpose.</summary>
    public DataProtector For(string purpose) => _protectors.GetOrAdd(purpose, p => new DataProtector(_ring.Value, p));

    /// <summary>The registered instance; <paramref name="feature"/> names what needed it when there is none.</summary>
    public static CookieProtection From(IServiceProvider services, string feature) =>
        services.GetService<CookieProtection>()
        ?? throw new InvalidOperationException($"{feature} needs the app's key ring; build the app with MicroWebApp.CreateBuilder(), which registers it.");
}
