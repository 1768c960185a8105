using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using MicroWeb.Middleware.Diagnostics;

namespace MicroWeb;

/// <summary>Adds the request logging middleware.</summary>
public static class RequestLoggingExtensions
{
    /// <summary>
    /// Logs one Information line per request, category <c>MicroWeb.RequestLogging</c>, with the method,
    /// path (without the query string, which may carry secrets), status code, body bytes written, elapsed
    /// milliseconds and request id. Costs one level check per request when Information is disabled for
    /// the category. Register it before (outside) compression to log the bytes actually sent.
    /// </summary>
    public static IPipelineBuilder UseRequestLogging(this IPipelineBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var logger = builder.ApplicationServices.GetRequiredService<ILoggerFactory>().CreateLogger(RequestLoggingMiddleware.LoggerCategory);
        return builder.Use(next => new RequestLoggingMiddleware(next, logger).InvokeAsync);
    }
}
