namespace MicroWeb;

/// <summary>Options for <see cref="ExceptionHandlerExtensions.UseExceptionHandler"/>.</summary>
public sealed class ExceptionHandlerOptions
{
    /// <summary>
    /// Writes the error response outside Development, instead of the plain 500 page. It runs after the
    /// exception is logged, with the status already 500 and the failed response's headers and body cleared.
    /// If it throws too, the plain 500 page is sent.
    /// </summary>
    public Func<HttpContext, Exception, Task>? Handler { get; set; }
}
