using System.Globalization;
using MicroWeb.Http;

namespace MicroWeb.Security.Cors;

/// <summary>
/// One checked CORS policy with its header values made at startup; per request it compares the <c>Origin</c> with the
/// allowed origins and sets precomputed strings (or echoes request values, which are the request's own strings).
/// </summary>
internal sealed class CorsPolicy
{
    private readonly bool _anyOrigin;
    private readonly CorsOrigin[] _origins;
    private readonly bool _credentials;
    private readonly string? _allowMethods;
    private readonly bool _echoMethod;
    private readonly string? _allowHeaders;
    private readonly bool _echoHeaders;
    private readonly string? _exposeHeaders;
    private readonly string? _maxAge;

    private CorsPolicy(CorsPolicyBuilder builder, CorsOrigin[] origins)
    {
        _anyOrigin = builder.AnyOrigin;
        _origins = origins;
        _credentials = builder.Credentials;
        // Fetch §3.2.3: with credentials, '*' in Allow-Methods/-Headers is a literal name, not a wildcard; echo instead.
        _echoMethod = builder.AnyMethod && builder.Credentials;
        _allowMethods = builder.AnyMethod ? "*" : Join(builder.Methods);
        _echoHeaders = builder.AnyHeader && builder.Credentials;
        _allowHeaders = builder.AnyHeader ? "*" : Join(builder.Headers);
        _exposeHeaders = Join(builder.ExposedHeaders);
        _maxAge = builder.PreflightMaxAge is { } maxAge ? ((long)maxAge.TotalSeconds).ToString(CultureInfo.InvariantCulture) : null;
    }

    /// <summary>
    /// Whether the answer depends on the request's origin. Only "any origin, no credentials" answers every origin with
    /// the same <c>*</c>; every other policy echoes some origins and not others.
    /// </summary>
    public bool VariesByOrigin => !_anyOrigin;

    /// <exception cref="InvalidOperationException">A rule of the CORS protocol is broken; the message names the policy and says what to change.</exception>
    public static CorsPolicy Create(string name, CorsPolicyBuilder builder)
    {
        if (builder.AnyOrigin && builder.Credentials)
        {
            // Fetch §3.2.5: a credentialed response must name the origin; '*' with credentials is rejected by the browser.
            throw new InvalidOperationException(
                $"CORS policy '{name}' allows any origin and credentials, which the CORS protocol forbids (browsers reject 'Access-Control-Allow-Origin: *' on a credentialed request): list the origins with WithOrigins(...), or drop AllowCredentials().");
        }
        if (!builder.AnyOrigin && builder.Origins.Count == 0)
            throw new InvalidOperationException($"CORS policy '{name}' allows no origin: call WithOrigins(\"https://app.example\") or AllowAnyOrigin().");
        var origins = new CorsOrigin[builder.Origins.Count];
        for (var i = 0; i < origins.Length; i++)
        {
            var origin = builder.Origins[i];
            if (origin == "*")
                throw new InvalidOperationException($"CORS policy '{name}' lists the origin '*': call AllowAnyOrigin() instead.");
            if (origin is null || !CorsOrigin.TryParse(origin, out origins[i]) || !HeaderGrammar.IsSendableFieldValue(origin) || origin.Contains(' ', StringComparison.Ordinal))
                throw new InvalidOperationException(
                    $"CORS policy '{name}' lists the origin '{origin}', which is not an origin: write scheme://host[:port], without path or trailing slash, e.g. https://app.example or http://localhost:5173.");
        }
        CheckTokens(name, "method", builder.Methods, "AllowAnyMethod()");
        CheckTokens(name, "header", builder.Headers, "AllowAnyHeader()");
        CheckTokens(name, "exposed header", builder.ExposedHeaders, null);
        if (builder.PreflightMaxAge < TimeSpan.Zero)
            throw new InvalidOperationException($"CORS policy '{name}' has a negative preflight max age ({builder.PreflightMaxAge}): give zero or more.");
        return new CorsPolicy(builder, origins);
    }

    /// <summary>For a request that is not a preflight: who may read the response, with credentials, and which headers.</summary>
    public void ApplyActual(HttpContext context)
    {
        var headers = context.Response.Headers;
        if (!TryAllowOrigin(context, headers)) return;
        if (_exposeHeaders is not null) headers[CorsHeaders.ExposeHeaders] = _exposeHeaders;
    }

    /// <summary>For a preflight: the origin, credentials, methods, headers and how long to cache the answer.</summary>
    /// <remarks>
    /// The lists are sent as they are and the browser checks the requested method and headers against them (Fetch §4.8,
    /// CORS-preflight fetch, steps 7 and 8); an origin that is not allowed gets no CORS header at all.
    /// </remarks>
    public void ApplyPreflight(HttpContext context)
    {
        var headers = context.Response.Headers;
        if (!TryAllowOrigin(context, headers)) return;
        var requestHeaders = context.Request.Headers;
        var methods = _echoMethod ? Sendable(requestHeaders[CorsHeaders.RequestMethod]) : _allowMethods;
        if (methods is not null) headers[CorsHeaders.AllowMethods] = methods;
        var allowHeaders = _echoHeaders ? Sendable(requestHeaders[CorsHeaders.RequestHeaders]) : _allowHeaders;
        if (allowHeaders is not null) headers[CorsHeaders.AllowHeaders] = allowHeaders;
        if (_maxAge is not null) headers[CorsHeaders.MaxAge] = _maxAge;
    }

    private bool TryAllowOrigin(HttpContext context, HeaderDictionary headers)
    {
        if (VariesByOrigin) CorsHeaders.AppendVaryOrigin(headers);
        var origin = context.Request.Headers[CorsHeaders.Origin];
        if (origin.Count != 1 || origin[0] is not { } value) return false;
        if (_anyOrigin)
        {
            headers[CorsHeaders.AllowOrigin] = "*";
            return true;
        }
        if (!IsAllowed(value)) return false;
        // The exact serialized origin the browser sent: it compares Allow-Origin with its own byte for byte (Fetch §3.2.5, CORS check).
        headers[CorsHeaders.AllowOrigin] = value;
        if (_credentials) headers[CorsHeaders.AllowCredentials] = "true";
        return true;
    }

    private bool IsAllowed(string value)
    {
        if (!CorsOrigin.TryParse(value, out var origin) || !HeaderGrammar.IsSendableFieldValue(value)) return false;
        foreach (var allowed in _origins)
            if (allowed.IsSameOrigin(origin)) return true;
        return false;
    }

    private static string? Sendable(Microsoft.Extensions.Primitives.StringValues values) =>
        values.Count == 1 && values[0] is { Length: > 0 } value && HeaderGrammar.IsSendableFieldValue(value) ? value : null;

    private static string? Join(List<string> values) => values.Count == 0 ? null : string.Join(", ", values);

    private static void CheckTokens(string name, string kind, List<string> values, string? any)
    {
        foreach (var value in values)
        {
            if (value == "*" && any is not null)
                throw new InvalidOperationException($"CORS policy '{name}' lists the {kind} '*': call {any} instead.");
            if (value is null || !HeaderGrammar.IsToken(value))
                throw new InvalidOperationException($"CORS policy '{name}' lists the {kind} '{value}', which is not a token (RFC 9110 §5.1): give names such as PUT or X-Requested-With.");
        }
    }
}
