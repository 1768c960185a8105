using System.Globalization;
using System.Text;
using MicroWeb.Http;
using MicroWeb.Http.Parsing;

namespace MicroWeb;

/// <summary>Adds bodies to empty error responses.</summary>
public static class StatusCodePagesExtensions
{
    /// <summary>
    /// Gives 4xx and 5xx responses that the rest of the pipeline left without a body (a 404 from nothing
    /// matching, a 405 from routing…) a short text body such as <c>404 Not Found</c>. Responses that have
    /// started, have a body, a Content-Length or a Content-Type are left alone.
    /// </summary>
    public static IPipelineBuilder UseStatusCodePages(this IPipelineBuilder builder) => builder.UseStatusCodePages(new StatusCodePagesOptions());

    /// <summary>As <see cref="UseStatusCodePages(IPipelineBuilder)"/>, with the body from <paramref name="bodyFormat"/> (<c>{0}</c>: status code, <c>{1}</c>: reason phrase).</summary>
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
    public static IPipelineBuilder UseStatusCodePages(this IPipelineBuilder builder, StatusCodePagesOptions options)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentException.ThrowIfNullOrEmpty(options.ContentType, nameof(options.ContentType));
        ArgumentNullException.ThrowIfNull(options.BodyFormat, nameof(options.BodyFormat));
        // Parsed once here, so a bad format fails at startup rather than on the first 404.
        var format = CompositeFormat.Parse(options.BodyFormat);
        var contentType = options.ContentType;
        var custom = options.Handler is not null;
        var handler = options.Handler ?? (context => context.Response.WriteAsync(
            string.Format(CultureInfo.InvariantCulture, format, context.Response.StatusCode, ReasonPhrases.Get(context.Response.StatusCode))).AsTask());

        return builder.Use(next => context =>
        {
            var task = next(context);
            return task.IsCompletedSuccessfully ? WritePageIfEmpty(context) : AwaitAsync(task, context);
        });

        async Task AwaitAsync(Task task, HttpContext context)
        {
            await task.ConfigureAwait(false);
            await WritePageIfEmpty(context).ConfigureAwait(false);
        }

        Task WritePageIfEmpty(HttpContext context)
        {
            var response = context.Response;
            if (response.StatusCode is < 400 or > 599 || response.HasStarted || response.BytesWritten > 0
                || response.ContentLength is not null || response.Headers.ContainsKey(KnownHeaders.ContentLength)
                || response.Headers.ContainsKey(KnownHeaders.ContentType))
                return Task.CompletedTask;
            if (!custom) response.ContentType = contentType;
            return handler(context);
        }
    }
}
