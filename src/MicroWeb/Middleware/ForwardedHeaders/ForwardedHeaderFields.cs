namespace MicroWeb;

/// <summary>Which forwarding header fields <see cref="ForwardedHeadersExtensions.UseForwardedHeaders"/> reads.</summary>
/// <remarks>
/// <see cref="Forwarded"/> cannot be combined with <see cref="XForwardedFor"/>, <see cref="XForwardedProto"/> or
/// <see cref="XForwardedHost"/>: a proxy normally sets one family and passes the other through from the client untouched,
/// so reading both would let a client choose its own address.
/// </remarks>
[Flags]
public enum ForwardedHeaderFields
{
    /// <summary>None; not a valid setting.</summary>
    None = 0,

    /// <summary><c>X-Forwarded-For</c>: the client address (<see cref="HttpRequest.RemoteEndPoint"/>).</summary>
    XForwardedFor = 1,

    /// <summary><c>X-Forwarded-Proto</c>: <c>http</c> or <c>https</c> (<see cref="HttpRequest.Scheme"/>).</summary>
    XForwardedProto = 2,

    /// <summary><c>X-Forwarded-Host</c>: the Host the client sent (<see cref="HttpRequest.Host"/>).</summary>
    XForwardedHost = 4,

    /// <summary><c>X-Forwarded-Prefix</c>: the path the proxy mounts the app under and strips (<see cref="HttpRequest.PathBase"/>).</summary>
    XForwardedPrefix = 8,

    /// <summary>All four <c>X-Forwarded-*</c> fields: what nginx, HAProxy and most load balancers send. The default.</summary>
    XForwarded = XForwardedFor | XForwardedProto | XForwardedHost | XForwardedPrefix,

    /// <summary>RFC 7239 <c>Forwarded</c> (its <c>for</c>, <c>proto</c> and <c>host</c> parameters); may be combined with <see cref="XForwardedPrefix"/>.</summary>
    Forwarded = 16,
}
