namespace MicroWeb.Security;

/// <summary>
/// The attributes every cookie the framework itself sets starts from (authentication, flash, antiforgery), so they
/// cannot drift apart: <c>Path=/</c> (one cookie for the whole site, and the Path a deletion must repeat),
/// <c>HttpOnly</c> (scripts cannot read a credential, RFC 6265 §4.1.2.6), <c>SameSite=Lax</c> unless a caller asks
/// for more (RFC 6265bis §4.1.2.7), and <c>Secure</c> when the request came over HTTPS (as a trusted proxy reported it)
/// or <c>Security:CookieSecurePolicy</c> is <c>Always</c>. Each caller states only what differs: a lifetime, or Strict.
/// </summary>
internal static class SecureCookieDefaults
{
    /// <summary>New options with the defaults above for a cookie set in answer to <paramref name="request"/>.</summary>
    public static CookieOptions For(HttpRequest request, SameSiteMode sameSite = SameSiteMode.Lax, DateTimeOffset? expires = null, TimeSpan? maxAge = null) => new()
    {
        Path = "/",
        HttpOnly = true,
        SameSite = sameSite,
        Secure = request.IsHttps || IsAlwaysSecure(request),
        Expires = expires,
        MaxAge = maxAge,
    };

    // Registered by the app builder; an app composed without it (a bare test pipeline) follows the request.
    private static bool IsAlwaysSecure(HttpRequest request) =>
        request.HttpContext.ApplicationServices.GetService(typeof(CookieSecurePolicy)) is CookieSecurePolicy.Always;
}
