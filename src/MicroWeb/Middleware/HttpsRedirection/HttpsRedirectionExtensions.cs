using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using MicroWeb.Middleware.HttpsRedirection;

namespace MicroWeb;

/// <summary>Adds the HTTPS redirection middleware.</summary>
public static class HttpsRedirectionExtensions
{
    /// <summary>
    /// Answers every request that did not come over https with a redirect (307 unless configured) to the same URL with
    /// <c>https://</c> — host, <see cref="HttpRequest.PathBase"/>, path and query kept. The server itself speaks plain HTTP, so
    /// this needs a TLS-terminating proxy in front and <see cref="ForwardedHeadersExtensions.UseForwardedHeaders"/> before it:
    /// without the forwarded scheme, every request looks like http and the redirect would loop.
    /// </summary>
    /// <param name="builder">The pipeline.</param>
    /// <param name="options">The settings; when null, read from the <c>HttpsRedirection</c> configuration section.</param>
    /// <exception cref="InvalidOperationException">A setting is invalid; the message names its key.</exception>
    public static IPipelineBuilder UseHttpsRedirection(this IPipelineBuilder builder, HttpsRedirectionOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        options ??= builder.ApplicationServices.GetService<IConfiguration>() is { } configuration
            ? HttpsRedirectionOptionsBinder.Bind(configuration)
            : new HttpsRedirectionOptions();
        HttpsRedirectionOptionsBinder.Validate(options);
        return builder.Use(next => new HttpsRedirectionMiddleware(next, options).InvokeAsync);
    }
}
