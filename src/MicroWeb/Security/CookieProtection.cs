using System.Collections.Concurrent;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace MicroWeb.Security;

/// <summary>
/// The app's cookie protectors, one per purpose, all derived from the master key of <see cref="KeyRing"/>.
/// A singleton in DI; the key is read (or the key file created) on first use, not when the app is built.
/// </summary>
internal sealed class CookieProtection(IConfiguration configuration, string contentRoot)
{
    private readonly Lazy<byte[]> _masterKey = new(() => KeyRing.LoadOrCreate(configuration, contentRoot));
    private readonly ConcurrentDictionary<string, DataProtector> _protectors = new(StringComparer.Ordinal);

    /// <summary>The protector for <paramref name="purpose"/>; its tokens verify for no other purpose.</summary>
    public DataProtector For(string purpose) => _protectors.GetOrAdd(purpose, p => new DataProtector(_masterKey.Value, p));

    /// <summary>The registered instance; <paramref name="feature"/> names what needed it when there is none.</summary>
    public static CookieProtection From(IServiceProvider services, string feature) =>
        services.GetService<CookieProtection>()
        ?? throw new InvalidOperationException($"{feature} needs the app's key ring; build the app with MicroWebApp.CreateBuilder(), which registers it.");
}
