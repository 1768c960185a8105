namespace MicroWeb.Middleware.SecurityHeaders;

/// <summary>Adds the security headers; see <see cref="SecurityHeadersExtensions.UseSecurityHeaders"/>.</summary>
/// <remarks>
/// The response has no "on starting" hook, so the headers are set twice: before <c>next</c>, so a response that
/// streams (its head leaves while the handler runs) carries them, and again, only where missing, when <c>next</c>
/// returns and the head has not left yet, because an error page (the exception handler, the server's own 500)
/// starts from cleared headers. Only missing ones are put back, so a handler's own value (a page's own CSP) wins.
/// Per request: a few header sets of precomputed strings; a state machine only when the rest of the pipeline
/// completes asynchronously (the pattern of the exception handler).
/// </remarks>
internal sealed class SecurityHeadersMiddleware(RequestDelegate next, SecurityHeaderSet headers)
{
    public Task InvokeAsync(HttpContext context)
    {
        Apply(context, onlyIfMissing: false);
        var task = next(context);
        if (!task.IsCompletedSuccessfully) return AwaitAsync(context, task);
        Reapply(context);
        return Task.CompletedTask;
    }

    private async Task AwaitAsync(HttpContext context, Task task)
    {
        try
        {
            await task.ConfigureAwait(false);
        }
        finally
        {
            Reapply(context);
        }
    }

    private void Reapply(HttpContext context)
    {
        if (!context.Response.HasStarted) Apply(context, onlyIfMissing: true);
    }

    private void Apply(HttpContext context, bool onlyIfMissing)
    {
        var response = context.Response.Headers;
        var names = headers.Names;
        var values = headers.Values;
        for (var i = 0; i < names.Length; i++)
        {
            if (!onlyIfMissing || !response.ContainsKey(names[i])) response[names[i]] = values[i];
        }
        headers.Hsts?.Apply(context, onlyIfMissing);
    }
}
