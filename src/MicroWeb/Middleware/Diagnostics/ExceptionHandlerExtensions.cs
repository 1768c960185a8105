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
    /// 500 without details in the form the client's Accept prefers (an HTML page, from
    /// <see cref="ExceptionHandlerOptions.Template"/> when set; <c>application/problem+json</c> with the trace id;
    /// the text <c>500 Internal Server Error</c>), or what <see cref="ExceptionHandlerOptions.Handler"/> writes, and
    /// the exception is logged with the request id. A <see cref="BadHttpRequestException"/> is answered with its own status and message. If the
    /// response has already started, the exception is rethrown and the server aborts the connection.
    /// Register it first so it covers everything else.
    /// </summary>
    /// <exception cref="ArgumentException"><see cref="ExceptionHandlerOptions.Template"/> is combined with <see cref="ExceptionHandlerOptions.Handler"/>.</exception>
    /// <exception cref="InvalidOperationException"><see cref="ExceptionHandlerOptions.Template"/> does not exist in the template folder.</exception>
    public static IPipelineBuilder UseExceptionHandler(this IPipelineBuilder builder, ExceptionHandlerOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.ApplicationServices;
        var developerPage = services.GetService<MicroWebEnvironment>()?.IsDevelopment() ?? false;
        var logger = services.GetRequiredService<ILoggerFactory>().CreateLogger(ExceptionHandlerMiddleware.LoggerCategory);
        var handler = options?.Handler;
        if (handler is not null && options!.Template is not null)
            throw new ArgumentException("Template renders the default error page; it cannot be combined with Handler.", nameof(options));
        var errorPage = new ErrorResponder(ErrorPageTemplate.Create(services, options?.Template, options?.ConfigureModel), logger);
        return builder.Use(next => new ExceptionHandlerMiddleware(next, handler, developerPage, errorPage, logger).InvokeAsync);
    }
}
