namespace MicroWeb;

/// <summary>
/// Code that runs around a <c>MapGet</c> handler or a controller action, after its arguments are bound and before it
/// is called. Added with <c>AddEndpointFilter&lt;TFilter&gt;()</c> on a group or endpoint, or with
/// <see cref="EndpointFilterAttribute"/>. A filter registered in DI is resolved from the request's services
/// (so it may be scoped); otherwise one instance is created when the app starts, its constructor injected.
/// </summary>
public interface IEndpointFilter
{
    /// <summary>
    /// Runs the filter: return a value without calling <paramref name="next"/> to answer instead of the endpoint
    /// (an <see cref="IResult"/>, a string, an object for JSON), or call it and return its result or a replacement.
    /// </summary>
    /// <param name="context">The request and the bound arguments, which the filter may read and replace.</param>
    /// <param name="next">The filters after this one, then the endpoint.</param>
    ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next);
}
