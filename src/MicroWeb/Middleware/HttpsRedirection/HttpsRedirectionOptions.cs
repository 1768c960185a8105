namespace MicroWeb;

/// <summary>
/// Settings of <see cref="HttpsRedirectionExtensions.UseHttpsRedirection"/>, bound from the <c>HttpsRedirection</c>
/// configuration section when none are passed in code.
/// </summary>
public sealed class HttpsRedirectionOptions
{
    /// <summary>
    /// 307 Temporary Redirect (the default) or 308 Permanent Redirect (<c>HttpsRedirection:RedirectStatusCode</c>); both keep
    /// the method and body (RFC 9110 §15.4.8, RFC 9110 §15.4.9), so a form posted over http is not turned into a GET.
    /// </summary>
    public int RedirectStatusCode { get; set; } = 307;

    /// <summary>The port of the https URL (<c>HttpsRedirection:HttpsPort</c>); null (the default) or 443 leaves it out.</summary>
    public int? HttpsPort { get; set; }
}
