using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using MicroWeb.Middleware.Hsts;

namespace MicroWeb;

/// <summary>Adds the HTTP Strict Transport Security middleware.</summary>
public static class HstsExtensions
{
    /// <summary>
    /// Adds <c>Strict-Transport-Security</c> (RFC 6797) to responses to https requests, so browsers use only https for the
    /// host from then on. Never on plain http (RFC 6797 §7.2: a host must not send it over an insecure transport) nor to
    /// the <see cref="HstsOptions.ExcludedHosts"/>. Behind a TLS-terminating proxy it needs
    /// <see cref="ForwardedHeadersExtensions.UseForwardedHeaders"/> first, which is what makes a request https.
    /// </summary>
    /// <param name="builder">The pipeline.</param>
    /// <param name="options">The settings; when null, read from the <c>Hsts</c> configuration section.</param>
    /// <exception cref="InvalidOperationException">A setting is invalid; the message names its key.</exception>
    public static IPipelineBuilder UseHsts(this IPipelineBuilder builder, HstsOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        options ??= builder.ApplicationServices.GetService<IConfiguration>() is { } configuration
            ? HstsOptionsBinder.Bind(configuration)
            : new HstsOptions();
        HstsOptionsBinder.Validate(options);
        return builder.Use(next => new HstsMiddleware(next, options).InvokeAsync);
    }
}
