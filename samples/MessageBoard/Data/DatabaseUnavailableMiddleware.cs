using MicroWeb;
using Microsoft.Extensions.Logging;

namespace MessageBoard.Data;

/// <summary>
/// The one place a database that cannot be reached becomes a response: a warning in the log and the board's own
/// 503 page (with Retry-After, in the layout and markup of the other error pages, templates/error.html), instead of
/// the exception handler's 500. Any other exception passes through. Nothing
/// to reset afterwards: the next request simply tries the database again, so the board recovers when it returns.
/// </summary>
public sealed partial class DatabaseUnavailableMiddleware(IBoardDatabase database, ILogger<DatabaseUnavailableMiddleware> logger)
{
    public async Task InvokeAsync(HttpContext context, RequestDelegate next)
    {
        try
        {
            await next(context);
        }
        catch (Exception exception) when (!context.Response.HasStarted && database.IsUnavailable(exception))
        {
            LogUnavailable(logger, database.Provider, context.Request.Method, context.Request.Path, exception.Message);
            var response = context.Response;
            response.Headers.Clear();
            response.Headers["Cache-Control"] = "no-store";
            response.Headers["Retry-After"] = "5";
            await Results.View("unavailable.html", new Dictionary<string, object?>
            {
                ["title"] = "Temporarily unavailable",
                ["pathBase"] = context.Request.PathBase,
                // As on the other error pages (error.html): the id to quote, which the log lines carry too.
                ["traceId"] = context.TraceIdentifier,
            }, 503).ExecuteAsync(context);
        }
    }

    [LoggerMessage(EventId = 1, Level = LogLevel.Warning, Message = "The {Provider} database cannot be reached; answered {Method} {Path} with 503: {Reason}")]
    private static partial void LogUnavailable(ILogger logger, string provider, string method, string path, string reason);
}
