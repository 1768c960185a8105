namespace MicroWeb;

/// <summary>
/// The request headers htmx sends (<see href="https://htmx.org/reference/#request_headers"/>), for endpoints that
/// answer an htmx request with part of a page. The same URL then answers two ways, so the response must say
/// <c>Vary</c> on the headers that chose: <see cref="VaryByHtmx"/>, or let <see cref="ViewResult.FragmentIfHtmx"/> do both.
/// </summary>
public static class HtmxExtensions
{
    /// <summary>The headers a response that depends on <see cref="WantsFragment"/> varies by.</summary>
    internal const string VaryHeaders = "HX-Request, HX-Boosted, HX-History-Restore-Request";

    /// <summary>True when htmx (or a script acting like it) made the request: <c>HX-Request: true</c>.</summary>
    public static bool IsHtmx(this HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return IsTrue(request, "HX-Request");
    }

    /// <summary>
    /// True when the request wants part of a page: an htmx request (<c>HX-Request: true</c>) that is neither a boosted
    /// link or form (<c>HX-Boosted: true</c>, which swaps the whole body) nor a history restore after a cache miss
    /// (<c>HX-History-Restore-Request: true</c>, which needs the whole page).
    /// </summary>
    public static bool WantsFragment(this HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return IsTrue(request, "HX-Request") && !IsTrue(request, "HX-Boosted") && !IsTrue(request, "HX-History-Restore-Request");
    }

    /// <summary>
    /// Adds <c>Vary: HX-Request, HX-Boosted, HX-History-Restore-Request</c>: a response chosen by
    /// <see cref="WantsFragment"/> must not be given from a cache to a request that would have chosen the other
    /// (RFC 9110 §12.5.5). Call it on both the page and the fragment response.
    /// </summary>
    public static void VaryByHtmx(this HttpResponse response)
    {
        ArgumentNullException.ThrowIfNull(response);
        response.Headers.Append("Vary", VaryHeaders);
    }

    private static bool IsTrue(HttpRequest request, string header) =>
        request.Headers.TryGetValue(header, out var value) && value.Count == 1
        && string.Equals(value[0]?.Trim(), "true", StringComparison.OrdinalIgnoreCase);
}
