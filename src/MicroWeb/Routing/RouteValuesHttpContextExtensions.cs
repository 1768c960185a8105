using MicroWeb.Http;

namespace MicroWeb;

/// <summary>The matched route's values, for code that reads the request itself rather than binding parameters.</summary>
public static class RouteValuesHttpContextExtensions
{
    /// <summary>
    /// The values the matched route captured from the path (<c>id</c> of <c>/users/{id:int}</c>): for a
    /// <see cref="RequestDelegate"/> handler (<c>context =&gt; ...</c>), a WebSocket endpoint, an endpoint filter.
    /// Empty before routing and when no route matched. Allocates nothing until a value is read as a string.
    /// </summary>
    /// <param name="context">The request's context.</param>
    public static RouteValues GetRouteValues(this HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return new RouteValues(context.RouteCapture);
    }
}
