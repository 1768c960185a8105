namespace MicroWeb.Routing;

/// <summary>
/// The terminal step of the pipeline: one route lookup decides between the endpoint, 405 with
/// <c>Allow</c>, the automatic OPTIONS answer and, when no route matches the path, the fallback
/// (the handler given to <c>app.Run</c>, or 404).
/// </summary>
/// <remarks>
/// Each entry of the table is the endpoint already wrapped in the <see cref="IEndpointStep"/>s its metadata
/// asked for, so a match costs one lookup and one call. <see cref="Tables.Preflights"/> holds the answers of
/// <see cref="IPreflightStep"/>s, keyed like the endpoints; null when no endpoint has one, so other apps pay nothing.
/// The tables can be swapped whole while requests run (hot reload, <see cref="Replace"/>): each request reads them
/// once, so it sees the old pair or the new one, never a mix; a volatile read costs what a plain field read does on
/// x64 and ARM64's load-acquire.
/// </remarks>
internal sealed class Router(Router.Tables tables, RequestDelegate fallback)
{
    private volatile Tables _tables = tables;

    /// <summary>Makes <paramref name="replacement"/> the tables for the requests that start from now on.</summary>
    public void Replace(Tables replacement) => _tables = replacement;

    /// <summary>The metadata of the endpoint <paramref name="method"/> <paramref name="path"/> would reach, or null when no endpoint matches.</summary>
    public IReadOnlyList<object>? MetadataFor(string path, string method)
    {
        var tables = _tables;
        var match = tables.Routes.Match(path, method);
        return match.Kind == RouteMatchKind.Matched && tables.Metadata.TryGetValue(match.Endpoint!, out var metadata) ? metadata : null;
    }

    public Task InvokeAsync(HttpContext context)
    {
        var request = context.Request;
        var tables = _tables;
        if (tables.Preflights is { } preflights && TryPreflight(context, preflights, out var answer)) return answer;
        var match = tables.Routes.Match(request.Path, request.Method);
        switch (match.Kind)
        {
            case RouteMatchKind.Matched:
                // For http.route (OTel semantic conventions) and the request log: the template string made at startup, so no allocation.
                context.RouteTemplate = match.Template;
                context.RouteCapture = match.Values.Capture;
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

    /// <summary>
    /// A CORS preflight (Fetch §3.2.2) asks about the method in <c>Access-Control-Request-Method</c>: the endpoint
    /// for that method answers it when it has an answer, instead of the automatic OPTIONS reply.
    /// </summary>
    private static bool TryPreflight(HttpContext context, RouteTable<EndpointDelegate> preflights, out Task answer)
    {
        answer = Task.CompletedTask;
        var request = context.Request;
        if (!string.Equals(request.Method, HttpMethods.Options, StringComparison.Ordinal)
            || request.Headers["Access-Control-Request-Method"] is not [{ } method]
            || !request.Headers.ContainsKey("Origin")) return false;
        var match = preflights.Match(request.Path, method);
        if (match.Kind != RouteMatchKind.Matched) return false;
        context.RouteTemplate = match.Template;
        context.RouteCapture = match.Values.Capture;
        answer = match.Endpoint!(context, match.Values);
        return true;
    }

    /// <summary>
    /// The endpoints, the preflight answers of those that have one (null when none has), and each endpoint's metadata
    /// by its delegate (compared by reference), for <see cref="MetadataFor"/>.
    /// </summary>
    internal sealed record Tables(RouteTable<EndpointDelegate> Routes, RouteTable<EndpointDelegate>? Preflights, IReadOnlyDictionary<EndpointDelegate, IReadOnlyList<object>> Metadata);
}
