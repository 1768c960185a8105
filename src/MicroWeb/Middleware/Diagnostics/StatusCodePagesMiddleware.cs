using System.Globalization;
using System.Text;
using MicroWeb.Http;
using MicroWeb.Http.Parsing;

namespace MicroWeb.Middleware.Diagnostics;

/// <summary>Gives an error response the rest of the pipeline left empty a body; see <see cref="StatusCodePagesExtensions.UseStatusCodePages(IPipelineBuilder)"/>.</summary>
internal sealed class StatusCodePagesMiddleware(Func<HttpContext, Task> writeBody)
{
    public const string LoggerCategory = "MicroWeb.StatusCodePages";

    /// <summary>The app's own body for every error: its handler, or its content type and format.</summary>
    public static StatusCodePagesMiddleware WithCustomBody(StatusCodePagesOptions options)
    {
        if (options.Handler is { } handler) return new StatusCodePagesMiddleware(handler);
        // Parsed once here, so a bad format fails at startup rather than on the first 404.
        var format = CompositeFormat.Parse(options.BodyFormat);
        var contentType = options.ContentType;
        return new StatusCodePagesMiddleware(context =>
        {
            context.Response.ContentType = contentType;
            return context.Response.WriteAsync(string.Format(CultureInfo.InvariantCulture, format,
                context.Response.StatusCode, ReasonPhrases.Get(context.Response.StatusCode))).AsTask();
        });
    }

    public Task InvokeAsync(HttpContext context, RequestDelegate next)
    {
        var task = next(context);
        return task.IsCompletedSuccessfully ? WritePageIfEmpty(context) : AwaitAsync(task, context);
    }

    private async Task AwaitAsync(Task task, HttpContext context)
    {
        await task.ConfigureAwait(false);
        await WritePageIfEmpty(context).ConfigureAwait(false);
    }

    private Task WritePageIfEmpty(HttpContext context)
    {
        var response = context.Response;
        if (response.StatusCode is < 400 or > 599 || response.HasStarted || response.BytesWritten > 0
            || response.ContentLength is not null || response.Headers.ContainsKey(KnownHeaders.ContentLength)
            || response.Headers.ContainsKey(KnownHeaders.ContentType))
            return Task.CompletedTask;
        return writeBody(context);
    }
}
