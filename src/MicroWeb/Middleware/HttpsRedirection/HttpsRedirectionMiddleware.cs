using System.Globalization;
using MicroWeb.Http.Parsing;
using MicroWeb.Http.Query;

namespace MicroWeb.Middleware.HttpsRedirection;

/// <summary>Redirects plain-http requests to https; see <see cref="HttpsRedirectionExtensions.UseHttpsRedirection"/>.</summary>
internal sealed class HttpsRedirectionMiddleware(RequestDelegate next, HttpsRedirectionOptions options)
{
    private readonly int _statusCode = options.RedirectStatusCode;
    private readonly string _port = options.HttpsPort is { } port and not 443 ? ":" + port.ToString(CultureInfo.InvariantCulture) : "";

    public Task InvokeAsync(HttpContext context)
    {
        var request = context.Request;
        // Without a host (an HTTP/1.0 request may have none) there is no URL to send the client to.
        if (request.IsHttps || request.Host.Length == 0) return next(context);

        // Path and PathBase are decoded; encoded again they give the URL the client asked for (RFC 3986 §3.3).
        var location = string.Concat("https://", HostValidator.HostName(request.Host), _port,
            UrlEncoder.EncodePath(string.Concat(request.PathBase, request.Path))) + request.QueryString;
        var response = context.Response;
        response.StatusCode = _statusCode;
        response.Headers["Location"] = location;
        return Task.CompletedTask;
    }
}
