namespace MicroWeb;

/// <summary>
/// A middleware class added with <see cref="PipelineBuilderExtensions.Use{TMiddleware}(IPipelineBuilder, object[])"/>.
/// Implementing it is optional (a public <c>InvokeAsync(HttpContext, RequestDelegate, …)</c> method is found by
/// convention) but saves the startup reflection and documents the contract.
/// </summary>
public interface IMiddleware
{
    /// <summary>Handles a request; calls <paramref name="next"/> to pass it on, or answers it without doing so.</summary>
    /// <param name="context">The request and its response.</param>
    /// <param name="next">The rest of the pipeline.</param>
    Task InvokeAsync(HttpContext context, RequestDelegate next);
}
