namespace MicroWeb;

/// <summary>Settings of <see cref="HstsExtensions.UseHsts"/>, bound from the <c>Hsts</c> configuration section when none are passed in code.</summary>
public sealed class HstsOptions
{
    /// <summary>How long browsers should use only https for the host (<c>Hsts:MaxAge</c>, the <c>max-age</c> directive, RFC 6797 §6.1.1). Default 30 days.</summary>
    public TimeSpan MaxAge { get; set; } = TimeSpan.FromDays(30);

    /// <summary>Whether the policy covers subdomains too (<c>Hsts:IncludeSubDomains</c>, RFC 6797 §6.1.2). Default false.</summary>
    public bool IncludeSubDomains { get; set; }

    /// <summary>
    /// Whether to add the <c>preload</c> token browsers' preload lists ask for (<c>Hsts:Preload</c>; not part of RFC 6797).
    /// Default false: a preloaded host cannot easily go back to http.
    /// </summary>
    public bool Preload { get; set; }

    /// <summary>
    /// Hosts (without port) that never get the header (<c>Hsts:ExcludedHosts</c>). Default <c>localhost</c>, <c>127.0.0.1</c>
    /// and <c>[::1]</c>: a browser would otherwise refuse plain http to every local development server on that name.
    /// </summary>
    public IList<string> ExcludedHosts { get; } = ["localhost", "127.0.0.1", "[::1]"];
}
