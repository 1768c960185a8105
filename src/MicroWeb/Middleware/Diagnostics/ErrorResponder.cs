using System.Buffers;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Logging;

namespace MicroWeb.Middleware.Diagnostics;

/// <summary>
/// Writes the body of an error response whose status is set and whose body is empty, in the representation the
/// client's Accept prefers (<see cref="AcceptNegotiation"/>): the app's template or the built-in page for browsers,
/// <c>application/problem+json</c> (RFC 9457) with the request's trace id for API clients, <c>404 Not Found</c>
/// as text otherwise. Shared by the status-code pages and the exception handler's production page.
/// </summary>
internal sealed partial class ErrorResponder(ErrorPageTemplate? template, ILogger logger)
{
    private const string HtmlType = "text/html; charset=utf-8";
    private const string ProblemType = "application/problem+json";
    private const string TextType = "text/plain; charset=utf-8";

    // What a trace id is made of (hex, or the connection:request fallback): JSON needs no escaping for these.
    private static readonly SearchValues<char> s_plainTraceIdChars = SearchValues.Create("0123456789ABCDEFabcdef:-");

    public Task WriteAsync(HttpContext context)
    {
        var response = context.Response;
        var bodies = ErrorBodies.For(response.StatusCode);
        var format = AcceptNegotiation.Negotiate(context.Request.Headers["Accept"]);
        // The body depends on Accept, so a cache keeps one per Accept value (RFC 9110 §12.5.5).
        response.Headers.Append("Vary", "Accept");

        switch (format)
        {
            case ErrorFormat.Html:
                response.ContentType = HtmlType;
                if (template is not null && TryRender(context, template, bodies) is { } page) return response.WriteAsync(page).AsTask();
                response.Body.Write(bodies.Html);
                break;
            case ErrorFormat.ProblemJson:
                response.ContentType = ProblemType;
                WriteProblem(response.Body, bodies, context.TraceIdentifier);
                break;
            default:
                response.ContentType = TextType;
                response.Body.Write(bodies.Text);
                break;
        }
        // Synchronous writes before the response starts only fill the buffer (docs/architecture.md).
        return Task.CompletedTask;
    }

    private string? TryRender(HttpContext context, ErrorPageTemplate page, ErrorBodies bodies)
    {
        try
        {
            return page.Render(context, bodies);
        }
        catch (Exception e)
        {
            LogTemplateFailed(logger, e, page.NameFor(bodies.StatusCode), bodies.StatusCode, context.Request.Method, context.Request.Path, context.TraceIdentifier);
            return null;
        }
    }

    private static void WriteProblem(Stream body, ErrorBodies bodies, string traceId)
    {
        body.Write(bodies.ProblemPrefix);
        if (traceId.AsSpan().ContainsAnyExcept(s_plainTraceIdChars))
        {
            // An id the app set itself may hold anything.
            body.Write(JsonEncodedText.Encode(traceId).EncodedUtf8Bytes);
        }
        else
        {
            // Only ASCII is left: one byte per char. A W3C trace id is 32 chars, the fallback id at most 25.
            Span<byte> ascii = stackalloc byte[128];
            if (traceId.Length <= ascii.Length) body.Write(ascii[..Encoding.ASCII.GetBytes(traceId, ascii)]);
            else body.Write(Encoding.ASCII.GetBytes(traceId));
        }
        body.Write(ErrorBodies.ProblemSuffix);
    }

    [LoggerMessage(EventId = 10, Level = LogLevel.Error, Message = "The error page template {Template} failed for {StatusCode} on {Method} {Path} (request {TraceIdentifier}); sending the built-in page")]
    private static partial void LogTemplateFailed(ILogger logger, Exception exception, string template, int statusCode, string method, string path, string traceIdentifier);
}
