using System.Diagnostics;
using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace MicroWeb.Middleware.Diagnostics;

/// <summary>One structured log line per request; see <see cref="RequestLoggingExtensions.UseRequestLogging"/>.</summary>
internal sealed partial class RequestLoggingMiddleware(RequestDelegate next, ILogger logger)
{
    public const string LoggerCategory = "MicroWeb.RequestLogging";

    /// <summary>The middleware around <paramref name="next"/>, logging to <see cref="LoggerCategory"/>.</summary>
    public static RequestDelegate Create(IServiceProvider services, RequestDelegate next)
    {
        var logger = services.GetRequiredService<ILoggerFactory>().CreateLogger(LoggerCategory);
        return new RequestLoggingMiddleware(next, logger).InvokeAsync;
    }

    public Task InvokeAsync(HttpContext context)
    {
        // Already logged by an outer instance (the Development default around an app that also calls UseRequestLogging, or a branch).
        if (context.RequestLogged || !logger.IsEnabled(LogLevel.Information)) return next(context);
        context.RequestLogged = true;
        return LogAsync(context, Stopwatch.GetTimestamp());
    }

    private async Task LogAsync(HttpContext context, long start)
    {
        var failed = false;
        try
        {
            await next(context).ConfigureAwait(false);
        }
        catch
        {
            failed = true;
            throw;
        }
        finally
        {
            var request = context.Request;
            var response = context.Response;
            // An exception escaping with the response unstarted becomes the server's plain 500.
            var status = failed && !response.HasStarted ? 500 : response.StatusCode;
            var elapsed = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
            // The path as the client sent it, mount included; the client as the connection or a trusted proxy named it.
            var path = request.PathBase.Length == 0 ? request.Path : string.Concat(request.PathBase, request.Path);
            // TraceIdentifier is the W3C trace id when the request is traced, so log lines join their trace.
            LogRequest(logger, request.Method, path, status, response.BytesWritten, elapsed, context.RouteTemplate ?? "-", context.TraceIdentifier, (request.RemoteEndPoint as IPEndPoint)?.Address);
        }
    }

    [LoggerMessage(EventId = 1, Level = LogLevel.Information,
        Message = "{Method} {Path} responded {StatusCode} ({Bytes} bytes) in {ElapsedMilliseconds:0.000} ms (route {Route}, request {TraceIdentifier}, client {ClientAddress})")]
    private static partial void LogRequest(ILogger logger, string method, string path, int statusCode, long bytes, double elapsedMilliseconds, string route, string traceIdentifier, IPAddress? clientAddress);
}
