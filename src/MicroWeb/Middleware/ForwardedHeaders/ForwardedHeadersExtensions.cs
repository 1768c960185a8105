using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using MicroWeb.Middleware.ForwardedHeaders;

namespace MicroWeb;

/// <summary>Adds the forwarded headers middleware.</summary>
public static class ForwardedHeadersExtensions
{
    /// <summary>
    /// Behind a reverse proxy, takes the client's address, the scheme, the host and the path prefix from the proxy's
    /// <c>X-Forwarded-For</c>, <c>-Proto</c>, <c>-Host</c> and <c>-Prefix</c> (or RFC 7239 <c>Forwarded</c>) fields into
    /// <see cref="HttpRequest.RemoteEndPoint"/>, <see cref="HttpRequest.Scheme"/>/<see cref="HttpRequest.IsHttps"/>,
    /// <see cref="HttpRequest.Host"/> and <see cref="HttpRequest.PathBase"/> — only when the connection comes from a trusted
    /// proxy (loopback by default), and never more entries than <see cref="ForwardedHeadersOptions.ForwardLimit"/>. Invalid
    /// values are ignored (logged at Debug). Register it first, so everything after it (HTTPS redirection, HSTS, secure
    /// cookies, request logging, redirects) sees the client's view of the request.
    /// </summary>
    /// <param name="builder">The pipeline.</param>
    /// <param name="options">The settings; when null, read from the <c>ForwardedHeaders</c> configuration section.</param>
    /// <exception cref="InvalidOperationException">A setting is invalid; the message names its key.</exception>
    public static IPipelineBuilder UseForwardedHeaders(this IPipelineBuilder builder, ForwardedHeadersOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.ApplicationServices;
        options ??= services.GetService<IConfiguration>() is { } configuration
            ? ForwardedHeadersOptionsBinder.Bind(configuration)
            : new ForwardedHeadersOptions();
        ForwardedHeadersOptionsBinder.Validate(options);
        var logger = services.GetService<ILoggerFactory>()?.CreateLogger(ForwardedHeadersMiddleware.LoggerCategory) ?? NullLogger.Instance;
        return builder.Use(next => new ForwardedHeadersMiddleware(next, options, logger).InvokeAsync);
    }
}
