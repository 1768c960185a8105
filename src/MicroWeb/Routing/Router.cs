namespace MicroWeb.Routing;

/// <summary>
/// The terminal step of the pipeline: one route lookup decides between the endpoint, 405 with
/// <c>Allow</c>, the automatic OPTIONS answer and, when no route matches the path, the fallback
/// (the handler given to <c>app.Run</c>, or 404).
/// </summary>
/// <remarks>
/// Each entry of the table is the endpoint already wrapped in the <see cref="IEndpointStep"/>s its metadata
/// asked for, so a match costs one lookup and one call. The table can be swapped whole while requests run
/// (hot reload, <see cref="Replace"/>): each request reads it once, so it sees the old table or the new one,
/// never a mix; a volatile read costs what a plain field read does on x64 and ARM64's load-acquire.
/// </remarks>
internal sealed class Router(RouteTable<EndpointDelegate> table, RequestDelegate fallback)
{
    private volatile RouteTable<EndpointDelegate> _table = table;

    /// <summary>Makes <paramref name="replacement"/> the table for the requests that start from now on.</summary>
    public void Replace(RouteTable<EndpointDelegate> replacement) => _table = replacement;

    public Task InvokeAsync(HttpContext context)
    {
        var request = context.Request;
        var match = _table.Match(request.Path, request.Method);
        switch (match.Kind)
        {
            case RouteMatchKind.Matched:
                // For http.route (OTel semantic conventions) and the request log: the template string made at startup, so no allocation.
                context.RouteTemplate = match.Template;
                // HEAD served by a GET route: the server sends the headers and omits the body (RFC 9110 §9.3.2).
                return match.Endpoint!(context, match.Values);
            case RouteMatchKind.NotFound:
                return fallback(context);
            case RouteMatchKind.MethodNotAllowed:
                // RFC 9110 §15.5.6: a 405 must list the methods the resource supports.
                context.Response.StatusCode = 405;
                context.Response.Headers["Allow"] = match.Allow;
                return Task.CompletedTask;
            default:
                // RFC 9110 §9.3.7: OPTIONS answered from the route table.
                context.Response.StatusCode = 204;
                context.Response.Headers["Allow"] = match.Allow;
                return Task.CompletedTask;
        }
    }
}
