using MicroWeb.Middleware.Diagnostics;

namespace MicroWeb;

/// <summary>Adds the request logging middleware.</summary>
public static class RequestLoggingExtensions
{
    /// <summary>
    /// Logs one Information line per request, category <c>MicroWeb.RequestLogging</c>, with the method,
    /// path (without the query string, which may carry secrets), status code, body bytes written, elapsed
    /// milliseconds, matched route template, client address and request id (the W3C trace id when the request
    /// is traced). Costs one level check per request when Information is disabled for the category. Register it
    /// before (outside) compression to log the bytes actually sent. In the Development environment the app
    /// already logs every request this way; calling this as well does not log twice.
    /// </summary>
    public static IPipelineBuilder UseRequestLogging(this IPipelineBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.ApplicationServices;
        return builder.Use(next => RequestLoggingMiddleware.Create(services, next));
    }
}
