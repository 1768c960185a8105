using System.Net;

namespace MicroWeb.Middleware.ForwardedHeaders;

/// <summary>The known proxies and networks, frozen at startup: whose forwarding headers are believed.</summary>
internal sealed class ProxyTrust(IEnumerable<IPAddress> proxies, IEnumerable<IPNetwork> networks)
{
    private readonly IPAddress[] _proxies = [.. proxies.Select(Canonical)];
    private readonly IPNetwork[] _networks = [.. networks];

    public bool IsTrusted(IPAddress address)
    {
        // A dual-stack socket reports an IPv4 peer as ::ffff:a.b.c.d; the settings name it a.b.c.d.
        address = Canonical(address);
        foreach (var proxy in _proxies)
            if (proxy.Equals(address)) return true;
        foreach (var network in _networks)
            if (network.Contains(address)) return true;
        return false;
    }

    private static IPAddress Canonical(IPAddress address) => address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address;
}
