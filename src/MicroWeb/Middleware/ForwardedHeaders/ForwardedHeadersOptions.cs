using System.Net;

namespace MicroWeb;

/// <summary>
/// Settings of <see cref="ForwardedHeadersExtensions.UseForwardedHeaders"/>, bound from the <c>ForwardedHeaders</c>
/// configuration section when none are passed in code.
/// </summary>
public sealed class ForwardedHeadersOptions
{
    /// <summary>The header fields to read (<c>ForwardedHeaders:Headers</c>, e.g. <c>XForwarded</c> or <c>Forwarded, XForwardedPrefix</c>). Default <see cref="ForwardedHeaderFields.XForwarded"/>.</summary>
    public ForwardedHeaderFields Headers { get; set; } = ForwardedHeaderFields.XForwarded;

    /// <summary>
    /// Addresses of proxies whose forwarding headers are believed (<c>ForwardedHeaders:KnownProxies</c>), in addition to
    /// <see cref="KnownNetworks"/>. Empty by default. An IPv4-mapped IPv6 peer is compared as its IPv4 address.
    /// </summary>
    public IList<IPAddress> KnownProxies { get; } = [];

    /// <summary>
    /// Networks of trusted proxies as CIDR ranges (<c>ForwardedHeaders:KnownNetworks</c>, e.g. <c>10.0.0.0/8</c>). Default:
    /// loopback only (<c>127.0.0.0/8</c> and <c>::1/128</c>), so a proxy on the same machine works and nothing else is trusted.
    /// Setting the key replaces the default; an empty value trusts no network.
    /// </summary>
    public IList<IPNetwork> KnownNetworks { get; } = [new(IPAddress.Loopback, 8), new(IPAddress.IPv6Loopback, 128)];

    /// <summary>
    /// How many entries of each list are taken, from the right (the one the nearest proxy added) leftwards, each only while
    /// the address it came from is trusted (<c>ForwardedHeaders:ForwardLimit</c>). Default 1: one proxy in front.
    /// </summary>
    public int ForwardLimit { get; set; } = 1;
}
