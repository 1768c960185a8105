namespace MicroWeb.Routing;

/// <summary>What a matched route runs: the endpoint, with the values its template captured.</summary>
internal delegate Task EndpointDelegate(HttpContext context, RouteValues values);
