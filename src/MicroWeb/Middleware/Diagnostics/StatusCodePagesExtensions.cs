using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using MicroWeb.Middleware.Diagnostics;

namespace MicroWeb;

/// <summary>Adds bodies to empty error responses.</summary>
public static class StatusCodePagesExtensions
{
    /// <summary>
    /// Gives 4xx and 5xx responses that the rest of the pipeline left without a body (a 404 from nothing
    /// matching, a 405 from routing…) a short body in the form the client's Accept prefers: a small HTML page for
    /// a browser, <c>application/problem+json</c> (RFC 9457, with the request's trace id) for a client that
    /// prefers JSON, the text <c>404 Not Found</c> otherwise (no Accept, <c>*/*</c>). Responses that have
    /// started, have a body, a Content-Length or a Content-Type are left alone.
    /// </summary>
    public static IPipelineBuilder UseStatusCodePages(this IPipelineBuilder builder) => builder.UseStatusCodePages(new StatusCodePagesOptions());

    /// <summary>As <see cref="UseStatusCodePages(IPipelineBuilder)"/>, with the body from <paramref name="bodyFormat"/> (<c>{0}</c>: status code, <c>{1}</c>: reason phrase) for every client.</summary>
    public static IPipelineBuilder UseStatusCodePages(this IPipelineBuilder builder, string contentType, string bodyFormat) =>
        builder.UseStatusCodePages(new StatusCodePagesOptions { ContentType = contentType, BodyFormat = bodyFormat });

    /// <summary>As <see cref="UseStatusCodePages(IPipelineBuilder)"/>, with the body written by <paramref name="handler"/>.</summary>
    public static IPipelineBuilder UseStatusCodePages(this IPipelineBuilder builder, Func<HttpContext, Task> handler)
    {
        ArgumentNullException.ThrowIfNull(handler);
        return builder.UseStatusCodePages(new StatusCodePagesOptions { Handler = handler });
    }

    /// <summary>As <see cref="UseStatusCodePages(IPipelineBuilder)"/>, configured by <paramref name="options"/>.</summary>
    /// <exception cref="FormatException"><see cref="StatusCodePagesOptions.BodyFormat"/> is not a valid format string.</exception>
    /// <exception cref="ArgumentException"><see cref="StatusCodePagesOptions.Template"/> is combined with a body of the app's own.</exception>
    /// <exception cref="InvalidOperationException"><see cref="StatusCodePagesOptions.Template"/> does not exist in the template folder.</exception>
    public static IPipelineBuilder UseStatusCodePages(this IPipelineBuilder builder, StatusCodePagesOptions options)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentException.ThrowIfNullOrEmpty(options.ContentType, nameof(options.ContentType));
        ArgumentNullException.ThrowIfNull(options.BodyFormat, nameof(options.BodyFormat));
        if (options.HasCustomBody && options.Template is not null)
            throw new ArgumentException("Template renders the negotiated HTML page; it cannot be combined with ContentType, BodyFormat or Handler.", nameof(options));
        var services = builder.ApplicationServices;
        var template = ErrorPageTemplate.Create(services, options.Template, options.ConfigureModel);
        var logger = services.GetRequiredService<ILoggerFactory>().CreateLogger(StatusCodePagesMiddleware.LoggerCategory);
        var middleware = options.HasCustomBody
            ? StatusCodePagesMiddleware.WithCustomBody(options)
            : new StatusCodePagesMiddleware(new ErrorResponder(template, logger).WriteAsync);
        return builder.Use(next => context => middleware.InvokeAsync(context, next));
    }
}
