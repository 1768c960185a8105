using System.Net;
using System.Net.Sockets;

namespace MicroWeb.Server;

/// <summary>
/// One <c>http://host:port</c> or <c>https://host:port</c> entry of <see cref="ServerOptions.Urls"/>, resolved to the
/// endpoints to bind. <see cref="IsHttps"/>: connections to it speak TLS (RFC 8446) before HTTP.
/// </summary>
internal sealed record ServerAddress(string Url, IPEndPoint[] EndPoints, bool IsHttps = false)
{
    /// <summary>The scheme of the URLs this address is reachable at: <c>http</c> or <c>https</c>.</summary>
    public string Scheme => IsHttps ? "https" : "http";

    /// <summary>
    /// Parses a semicolon-separated list; throws <see cref="FormatException"/> whose message says what is wrong with
    /// the bad entry, as a clause that can follow "Invalid configuration value … :" (no final full stop).
    /// </summary>
    public static IReadOnlyList<ServerAddress> ParseList(string urls)
    {
        var result = new List<ServerAddress>();
        foreach (var part in urls.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            result.Add(Parse(part));
        if (result.Count == 0) throw new FormatException("no address is given");
        return result;
    }

    private static ServerAddress Parse(string url)
    {
        var schemeEnd = url.IndexOf("://", StringComparison.Ordinal);
        if (schemeEnd < 0) throw new FormatException($"'{url}' has no scheme (http:// or https://)");
        var scheme = url[..schemeEnd];
        var https = scheme.Equals("https", StringComparison.OrdinalIgnoreCase);
        if (!https && !scheme.Equals("http", StringComparison.OrdinalIgnoreCase))
            throw new FormatException($"'{url}' has the scheme '{scheme}', but only http:// and https:// are supported");

        var authority = url[(schemeEnd + 3)..].TrimEnd('/');
        var colon = authority.LastIndexOf(':');
        if (colon < 0 || authority.EndsWith(']')) throw new FormatException($"'{url}' has no port");
        var host = authority[..colon];
        if (!int.TryParse(authority[(colon + 1)..], out var port) || port is < 0 or > 65535)
            throw new FormatException($"'{url}' has a port that is not a whole number from 0 to 65535");

        IPEndPoint[] endPoints = host switch
        {
            "localhost" => port == 0 || !Socket.OSSupportsIPv6
                // Port 0 would give IPv4 and IPv6 different ports; one loopback address keeps the URL meaningful.
                ? [new(IPAddress.Loopback, port)]
                : [new(IPAddress.Loopback, port), new(IPAddress.IPv6Loopback, port)],
            "*" or "+" or "0.0.0.0" => [new(IPAddress.Any, port)],
            _ when IPAddress.TryParse(host.Trim('[', ']'), out var ip) => [new(ip, port)],
            _ => throw new FormatException($"'{url}' names a host, but an address binds to an IP address, localhost or *"),
        };
        return new ServerAddress(url, endPoints, https);
    }
}
