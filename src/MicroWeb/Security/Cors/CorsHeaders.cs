namespace MicroWeb.Security.Cors;

/// <summary>The CORS protocol's header names (Fetch standard §3.2.2, §3.2.3) and the small operations every policy shares.</summary>
internal static class CorsHeaders
{
    public const string Origin = "Origin";
    public const string RequestMethod = "Access-Control-Request-Method";
    public const string RequestHeaders = "Access-Control-Request-Headers";
    public const string AllowOrigin = "Access-Control-Allow-Origin";
    public const string AllowCredentials = "Access-Control-Allow-Credentials";
    public const string AllowMethods = "Access-Control-Allow-Methods";
    public const string AllowHeaders = "Access-Control-Allow-Headers";
    public const string ExposeHeaders = "Access-Control-Expose-Headers";
    public const string MaxAge = "Access-Control-Max-Age";

    /// <summary>A CORS-preflight request (Fetch §3.2.2): OPTIONS with <c>Origin</c> and <c>Access-Control-Request-Method</c>.</summary>
    public static bool IsPreflight(HttpRequest request) =>
        string.Equals(request.Method, HttpMethods.Options, StringComparison.Ordinal) && request.Headers.ContainsKey(RequestMethod) && request.Headers.ContainsKey(Origin);

    /// <summary>Removes what an earlier policy (the middleware's) said, so an endpoint's own policy, or its <c>[DisableCors]</c>, is the only answer.</summary>
    public static void Clear(HeaderDictionary headers)
    {
        headers.Remove(AllowOrigin);
        headers.Remove(AllowCredentials);
        headers.Remove(AllowMethods);
        headers.Remove(AllowHeaders);
        headers.Remove(ExposeHeaders);
        headers.Remove(MaxAge);
    }

    /// <summary>
    /// Adds <c>Origin</c> to <c>Vary</c> unless it (or <c>*</c>) is there: the answer depends on the request's origin, so a
    /// cache must not give one origin's response to another (Fetch §3.2.5, "CORS protocol and HTTP caches").
    /// </summary>
    public static void AppendVaryOrigin(HeaderDictionary headers)
    {
        foreach (var value in headers["Vary"])
        {
            if (value is null) continue;
            foreach (var range in value.AsSpan().Split(','))
            {
                var token = value.AsSpan()[range].Trim();
                if (token.Equals(Origin, StringComparison.OrdinalIgnoreCase) || token is "*") return;
            }
        }
        headers.Append("Vary", Origin);
    }
}
