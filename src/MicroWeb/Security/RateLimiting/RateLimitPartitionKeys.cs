using System.Net;
using System.Net.Sockets;

namespace MicroWeb;

/// <summary>The partition keys of the built-in partitions, for policies that combine them with their own.</summary>
public static class RateLimitPartitionKeys
{
    /// <summary>
    /// The client's address as the app sees it (<see cref="HttpRequest.RemoteEndPoint"/>, so after
    /// <c>UseForwardedHeaders</c> the address a trusted proxy forwarded): an IPv4 address as text, an IPv6 address as
    /// its /64 prefix (<c>2001:db8:1:2::/64</c>), because one subscriber is usually given a whole /64 (RFC 6177) and
    /// could otherwise change address for every request. Empty when there is no IP address (in-memory connections).
    /// </summary>
    public static string ClientAddress(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (context.Request.RemoteEndPoint is not IPEndPoint endPoint) return "";
        var address = endPoint.Address;
        if (address.IsIPv4MappedToIPv6) address = address.MapToIPv4();
        if (address.AddressFamily != AddressFamily.InterNetworkV6) return address.ToString();
        Span<byte> bytes = stackalloc byte[16];
        address.TryWriteBytes(bytes, out _);
        bytes[8..].Clear();
        return new IPAddress(bytes).ToString() + "/64";
    }

    /// <summary>
    /// <c>user:</c> and the signed-in user's id (<see cref="User.UserId"/>), or <c>anonymous:</c> and
    /// <see cref="ClientAddress"/> for a request without one, so anonymous clients do not share one budget.
    /// </summary>
    public static string User(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return context.GetUser().UserId is { } id ? "user:" + id : "anonymous:" + ClientAddress(context);
    }
}
