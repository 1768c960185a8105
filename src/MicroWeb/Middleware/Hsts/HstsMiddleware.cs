using System.Globalization;
using MicroWeb.Http.Parsing;

namespace MicroWeb.Middleware.Hsts;

/// <summary>Adds <c>Strict-Transport-Security</c> to https responses; see <see cref="HstsExtensions.UseHsts"/>.</summary>
internal sealed class HstsMiddleware
{
    private readonly RequestDelegate _next;
    private readonly string _value;
    private readonly string[] _excludedHosts;

    public HstsMiddleware(RequestDelegate next, HstsOptions options)
    {
        _next = next;
        // RFC 6797 §6.1: directives separated by ';', max-age in whole seconds, the value the same for every response.
        _value = "max-age=" + ((long)options.MaxAge.TotalSeconds).ToString(CultureInfo.InvariantCulture)
            + (options.IncludeSubDomains ? "; includeSubDomains" : "")
            + (options.Preload ? "; preload" : "");
        _excludedHosts = [.. options.ExcludedHosts];
    }

    public Task InvokeAsync(HttpContext context)
    {
        var request = context.Request;
        if (request.IsHttps && !IsExcluded(HostValidator.HostName(request.Host)))
            context.Response.Headers["Strict-Transport-Security"] = _value;
        return _next(context);
    }

    private bool IsExcluded(ReadOnlySpan<char> host)
    {
        foreach (var excluded in _excludedHosts)
            if (host.Equals(excluded, StringComparison.OrdinalIgnoreCase)) return true;
        return false;
    }
}
