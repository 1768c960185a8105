namespace MicroWeb.Security;

/// <summary>When the framework's cookies get <c>Secure</c> (<c>Security:CookieSecurePolicy</c>); see <see cref="SecureCookieDefaults"/>.</summary>
internal enum CookieSecurePolicy
{
    /// <summary>When the request came over https, as the client saw it (behind a proxy: with <c>UseForwardedHeaders</c>). The default.</summary>
    SameAsRequest,

    /// <summary>Always, for a site only ever reached over https even where the app cannot tell (RFC 6265 §4.1.2.5).</summary>
    Always,
}
