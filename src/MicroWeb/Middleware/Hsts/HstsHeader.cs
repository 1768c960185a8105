using System.Globalization;
using MicroWeb.Http.Parsing;

namespace MicroWeb.Middleware.Hsts;

/// <summary>
/// The <c>Strict-Transport-Security</c> value of one <see cref="HstsOptions"/>, made once, and the rule for which
/// responses get it; shared by <see cref="HstsMiddleware"/> and the security headers middleware.
/// </summary>
internal sealed class HstsHeader
{
    public const string Name = "Strict-Transport-Security";

    private readonly string _value;
    private readonly string[] _excludedHosts;

    public HstsHeader(HstsOptions options)
    {
        // RFC 6797 §6.1: directives separated by ';', max-age in whole seconds, the value the same for every response.
        _value = "max-age=" + ((long)options.MaxAge.TotalSeconds).ToString(CultureInfo.InvariantCulture)
            + (options.IncludeSubDomains ? "; includeSubDomains" : "")
            + (options.Preload ? "; preload" : "");
        _excludedHosts = [.. options.ExcludedHosts];
    }

    /// <summary>
    /// Sets the header when the request is https and its host is not excluded (RFC 6797 §7.2: never over plain http).
    /// With <paramref name="onlyIfMissing"/>, a value already there (put back after an error page, or set by the handler) stays.
    /// </summary>
    public void Apply(HttpContext context, bool onlyIfMissing)
    {
        var request = context.Request;
        if (!request.IsHttps || IsExcluded(HostValidator.HostName(request.Host))) return;
        var headers = context.Response.Headers;
        if (!onlyIfMissing || !headers.ContainsKey(Name)) headers[Name] = _value;
    }

    private bool IsExcluded(ReadOnlySpan<char> host)
    {
        foreach (var excluded in _excludedHosts)
            if (host.Equals(excluded, StringComparison.OrdinalIgnoreCase)) return true;
        return false;
    }
}
