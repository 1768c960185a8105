using MicroWeb.Middleware.SecurityHeaders;

namespace MicroWeb;

/// <summary>Adds the security headers middleware.</summary>
public static class SecurityHeadersExtensions
{
    /// <summary>
    /// Adds <c>X-Content-Type-Options: nosniff</c>, <c>X-Frame-Options: DENY</c>, <c>Content-Security-Policy: frame-ancestors 'none'</c>,
    /// <c>Referrer-Policy: strict-origin-when-cross-origin</c> and, on https, <c>Strict-Transport-Security</c> to every
    /// response of the rest of the pipeline; see <see cref="SecurityHeadersOptions"/> to change or drop each one. Register
    /// it first (after <c>UseForwardedHeaders</c>, which decides whether a request is https), outside
    /// <c>UseExceptionHandler</c>: error pages replace the headers, and this middleware puts back the ones missing when
    /// the rest of the pipeline returns. A header the application set itself (a page's own CSP) is kept.
    /// </summary>
    /// <param name="builder">The pipeline.</param>
    /// <param name="options">The settings; when null, the defaults above.</param>
    /// <exception cref="InvalidOperationException">A value is empty or holds a character a header cannot carry; the message names the option.</exception>
    public static IPipelineBuilder UseSecurityHeaders(this IPipelineBuilder builder, SecurityHeadersOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var headers = SecurityHeaderSet.Create(options ?? new SecurityHeadersOptions());
        return builder.Use(next => new SecurityHeadersMiddleware(next, headers).InvokeAsync);
    }
}
