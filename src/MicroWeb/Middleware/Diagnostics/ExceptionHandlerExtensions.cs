using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using MicroWeb.Middleware.Diagnostics;

namespace MicroWeb;

/// <summary>Adds the exception handler middleware.</summary>
public static class ExceptionHandlerExtensions
{
    /// <summary>
    /// Catches exceptions thrown by the middleware and handlers registered after it. In Development the
    /// answer is an HTML page with the exception, its stack trace and the request line; elsewhere it is a
    /// plain 500 page (or <see cref="ExceptionHandlerOptions.Handler"/>), and the exception is logged with the
    /// request id. A <see cref="BadHttpRequestException"/> is answered with its own status and message. If the
    /// response has already started, the exception is rethrown and the server aborts the connection.
    /// Register it first so it covers everything else.
    /// </summary>
    public static IPipelineBuilder UseExceptionHandler(this IPipelineBuilder builder, ExceptionHandlerOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.ApplicationServices;
        var developerPage = services.GetService<MicroWebEnvironment>()?.IsDevelopment() ?? false;
        var logger = services.GetRequiredService<ILoggerFactory>().CreateLogger(ExceptionHandlerMiddleware.LoggerCategory);
        var handler = options?.Handler;
        return builder.Use(next => new ExceptionHandlerMiddleware(next, handler, developerPage, logger).InvokeAsync);
    }
}
