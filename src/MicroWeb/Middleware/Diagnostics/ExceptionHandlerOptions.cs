namespace MicroWeb;

/// <summary>Options for <see cref="ExceptionHandlerExtensions.UseExceptionHandler"/>.</summary>
public sealed class ExceptionHandlerOptions
{
    /// <summary>
    /// Writes the error response outside Development, instead of the built-in 500 page. It runs after the
    /// exception is logged, with the status already 500 and the failed response's headers and body cleared.
    /// If it throws too, the built-in 500 page is sent.
    /// </summary>
    public Func<HttpContext, Exception, Task>? Handler { get; set; }

    /// <summary>
    /// The template (a file in the app's template folder, e.g. <c>error.html</c>) for the 500 page outside
    /// Development, for clients that want HTML; <c>errors/500.html</c> there is used instead when it exists. The
    /// model is that of <see cref="StatusCodePagesOptions.Template"/> and holds nothing of the exception. API
    /// clients still get <c>application/problem+json</c>. If rendering fails, the error is logged and the built-in
    /// page is sent; a missing template fails startup.
    /// </summary>
    public string? Template { get; set; }

    /// <summary>Adds to the <see cref="Template"/>'s model what the app's layout needs; called for each templated page.</summary>
    public Action<HttpContext, IDictionary<string, object?>>? ConfigureModel { get; set; }
}
