using System.Net;

namespace MicroWeb.Testing;

/// <summary>Keeps cookies like a browser: sends what the container holds for the URI, stores every <c>Set-Cookie</c>.</summary>
internal sealed class CookieHandler(CookieContainer cookies) : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var uri = request.RequestUri!;
        var stored = cookies.GetCookieHeader(uri);
        if (stored.Length > 0)
        {
            // Cookies the test set by hand on the request come first, then the jar's.
            if (request.Headers.TryGetValues("Cookie", out var own))
            {
                request.Headers.Remove("Cookie");
                request.Headers.TryAddWithoutValidation("Cookie", string.Join("; ", own) + "; " + stored);
            }
            else
            {
                request.Headers.TryAddWithoutValidation("Cookie", stored);
            }
        }

        var response = await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
        if (response.Headers.TryGetValues("Set-Cookie", out var setCookies))
        {
            foreach (var setCookie in setCookies)
            {
                try
                {
                    cookies.SetCookies(uri, setCookie);
                }
                catch (CookieException)
                {
                    // A cookie a browser would reject (bad domain or syntax) is ignored, as a browser would.
                }
            }
        }
        return response;
    }
}
