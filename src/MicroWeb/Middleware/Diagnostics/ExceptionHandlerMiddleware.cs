using System.Runtime.ExceptionServices;
using Microsoft.Extensions.Logging;
using MicroWeb.Http;
using MicroWeb.Http.Parsing;

namespace MicroWeb.Middleware.Diagnostics;

/// <summary>Turns exceptions from the rest of the pipeline into error responses; see <see cref="ExceptionHandlerExtensions.UseExceptionHandler"/>.</summary>
internal sealed partial class ExceptionHandlerMiddleware(
    RequestDelegate next, Func<HttpContext, Exception, Task>? handler, bool developerPage, ErrorResponder errorPage, ILogger logger)
{
    public const string LoggerCategory = "MicroWeb.ExceptionHandler";

    public Task InvokeAsync(HttpContext context)
    {
        // No async state machine on the path where nothing throws.
        Task task;
        try
        {
            task = next(context);
        }
        catch (Exception e)
        {
            return HandleAsync(context, ExceptionDispatchInfo.Capture(e));
        }
        return task.IsCompletedSuccessfully ? Task.CompletedTask : AwaitAsync(context, task);
    }

    private async Task AwaitAsync(HttpContext context, Task task)
    {
        ExceptionDispatchInfo failure;
        try
        {
            await task.ConfigureAwait(false);
            return;
        }
        catch (Exception e)
        {
            failure = ExceptionDispatchInfo.Capture(e);
        }
        await HandleAsync(context, failure).ConfigureAwait(false);
    }

    private async Task HandleAsync(HttpContext context, ExceptionDispatchInfo failure)
    {
        var exception = failure.SourceException;
        var request = context.Request;
        var response = context.Response;

        // The client is gone: there is nobody to answer.
        if (exception is OperationCanceledException && context.RequestAborted.IsCancellationRequested) failure.Throw();

        // The server's metrics and span never see this exception once it becomes a response here: hand them its
        // error.type (OTel semconv: the exception's type name; the reason for the server's own rejections).
        context.ErrorType = exception is BadHttpRequestException { Reason: not RequestRejectionReason.Unspecified } rejection
            ? rejection.Reason.ToString()
            : exception.GetType().FullName;

        if (exception is BadHttpRequestException bad)
        {
            LogBadRequest(logger, request.Method, request.Path, bad.StatusCode, bad.Message, context.TraceIdentifier);
            if (response.HasStarted) failure.Throw();
            response.ResetForError();
            response.StatusCode = bad.StatusCode;
            if (bad.ResponseHeader is { } header) response.Headers[header.Name] = header.Value;
            // The request body may not have been read to its end; the connection cannot be trusted for another request.
            response.Headers[KnownHeaders.Connection] = "close";
            // The body depends on Accept, so a cache keeps one per Accept value (RFC 9110 §12.5.5).
            response.Headers.Append("Vary", "Accept");
            if (AcceptNegotiation.Negotiate(request.Headers["Accept"]) == ErrorFormat.ProblemJson)
            {
                // The message is the client's own mistake, written for it (the parameter, the limit): safe to show.
                await ProblemDetailsWriter.WriteAsync(context, new ProblemDocument(bad.StatusCode, Detail: bad.Message)).ConfigureAwait(false);
                return;
            }
            response.ContentType = "text/plain; charset=utf-8";
            await response.WriteAsync(bad.Message, context.RequestAborted).ConfigureAwait(false);
            return;
        }

        LogUnhandled(logger, exception, request.Method, request.Path, context.TraceIdentifier);
        // Half a response is on the wire: an error page now would be appended to it. The server aborts instead.
        if (response.HasStarted) failure.Throw();

        PrepareErrorResponse(response);
        if (developerPage)
        {
            response.ContentType = "text/html; charset=utf-8";
            await response.WriteAsync(DeveloperErrorPage.Render(context, exception), context.RequestAborted).ConfigureAwait(false);
            return;
        }
        if (handler is not null)
        {
            try
            {
                await handler(context, exception).ConfigureAwait(false);
                return;
            }
            catch (Exception handlerException)
            {
                LogHandlerFailed(logger, handlerException, request.Method, request.Path, context.TraceIdentifier);
                if (response.HasStarted) failure.Throw();
                PrepareErrorResponse(response);
            }
        }
        await errorPage.WriteAsync(context).ConfigureAwait(false);
    }

    private static void PrepareErrorResponse(HttpResponse response)
    {
        response.ResetForError();
        response.StatusCode = 500;
        // An error is about this request only; caches must not replay it.
        response.Headers["Cache-Control"] = "no-store";
    }

    [LoggerMessage(EventId = 1, Level = LogLevel.Error, Message = "Unhandled exception while processing {Method} {Path} (request {TraceIdentifier})")]
    private static partial void LogUnhandled(ILogger logger, Exception exception, string method, string path, string traceIdentifier);

    [LoggerMessage(EventId = 2, Level = LogLevel.Debug, Message = "Bad request {Method} {Path}: {StatusCode} {Reason} (request {TraceIdentifier})")]
    private static partial void LogBadRequest(ILogger logger, string method, string path, int statusCode, string reason, string traceIdentifier);

    [LoggerMessage(EventId = 3, Level = LogLevel.Error, Message = "The exception handler failed while processing {Method} {Path} (request {TraceIdentifier}); sending the built-in 500 page")]
    private static partial void LogHandlerFailed(ILogger logger, Exception exception, string method, string path, string traceIdentifier);
}
