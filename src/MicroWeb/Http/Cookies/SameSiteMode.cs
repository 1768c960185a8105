namespace MicroWeb;

/// <summary>The SameSite attribute of a cookie (RFC 6265bis §5.6.7): when a browser sends it on cross-site requests.</summary>
public enum SameSiteMode
{
    /// <summary>No SameSite attribute is written; the browser applies its own default (Lax in current browsers).</summary>
    Unspecified,

    /// <summary>Sent on cross-site requests too. Browsers require Secure with it, so it is always written with Secure.</summary>
    None,

    /// <summary>Sent on same-site requests and on top-level cross-site navigations with a safe method (GET).</summary>
    Lax,

    /// <summary>Sent on same-site requests only.</summary>
    Strict,
}
