namespace MicroWeb;

/// <summary>
/// Settings of <see cref="SecurityHeadersExtensions.UseSecurityHeaders"/>. Every header is on by default; set a value
/// to <see langword="null"/> (or <see cref="ContentTypeOptions"/> to false) to leave that header out.
/// </summary>
public sealed class SecurityHeadersOptions
{
    /// <summary>
    /// Whether to send <c>X-Content-Type-Options: nosniff</c>, so browsers honour the Content-Type instead of sniffing a
    /// script or style sheet out of an upload (Fetch standard, "should response to request be blocked due to nosniff?"). Default true.
    /// </summary>
    public bool ContentTypeOptions { get; set; } = true;

    /// <summary>
    /// The <c>X-Frame-Options</c> value (RFC 7034): <c>DENY</c> (the default) or <c>SAMEORIGIN</c>. Older browsers' only
    /// defence against clickjacking; current ones follow the CSP <c>frame-ancestors</c> directive and ignore this when both are present.
    /// </summary>
    public string? FrameOptions { get; set; } = "DENY";

    /// <summary>
    /// The whole <c>Content-Security-Policy</c> (CSP Level 3). Default <c>frame-ancestors 'none'</c>: no page may frame this
    /// site, and nothing else is restricted, so adding the middleware breaks no script or style. A strict policy for an app
    /// without inline script or style: <c>default-src 'self'; frame-ancestors 'none'; form-action 'self'; base-uri 'none'; object-src 'none'</c>.
    /// </summary>
    public string? ContentSecurityPolicy { get; set; } = "frame-ancestors 'none'";

    /// <summary>
    /// Sends the policy as <c>Content-Security-Policy-Report-Only</c>: browsers report violations (to the console, or to a
    /// <c>report-to</c> endpoint the policy names) but block nothing, to try a policy on a live site. Default false.
    /// <c>frame-ancestors</c> is not enforced in this mode, so <see cref="FrameOptions"/> still matters.
    /// </summary>
    public bool ContentSecurityPolicyReportOnly { get; set; }

    /// <summary>
    /// The <c>Referrer-Policy</c> value (W3C Referrer Policy). Default <c>strict-origin-when-cross-origin</c>: other sites
    /// see only the origin, never the path and query, and nothing at all after a step down from https to http.
    /// </summary>
    public string? ReferrerPolicy { get; set; } = "strict-origin-when-cross-origin";

    /// <summary>
    /// <c>Strict-Transport-Security</c> on https responses, as <see cref="HstsExtensions.UseHsts"/> sends it (same options,
    /// same rules: never on plain http, never to the excluded local hosts). Default: <see cref="HstsOptions"/>' defaults
    /// (30 days). Null leaves HSTS out, e.g. when the app calls <c>UseHsts</c> itself or a proxy adds it.
    /// </summary>
    public HstsOptions? Hsts { get; set; } = new();
}
