using System.Net;

namespace MicroWeb.Testing;

/// <summary>
/// Follows redirects to the same origin like a browser: 301 and 302 turn POST into GET, 303 turns
/// anything but HEAD into GET, 307 and 308 repeat the method and body. A redirect elsewhere, without a
/// <c>Location</c>, or past the limit is returned as it is.
/// </summary>
internal sealed class RedirectHandler(int maxRedirects) : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (request.Content is { } content)
        {
            // A 307/308 sends the body again, so it is buffered; an unknown length still goes out chunked.
            if (content.Headers.ContentLength is null) request.Headers.TransferEncodingChunked = true;
            await content.LoadIntoBufferAsync(cancellationToken).ConfigureAwait(false);
        }

        var response = await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
        for (var followed = 0; followed < maxRedirects; followed++)
        {
            var current = response.RequestMessage ?? request;
            if (Next(response, current) is not { } next) break;
            // Read to the end so the connection goes back to the pool instead of being closed.
            await response.Content.LoadIntoBufferAsync(cancellationToken).ConfigureAwait(false);
            response.Dispose();
            response = await base.SendAsync(next, cancellationToken).ConfigureAwait(false);
        }
        return response;
    }

    private static HttpRequestMessage? Next(HttpResponseMessage response, HttpRequestMessage request)
    {
        var status = (int)response.StatusCode;
        if (status is not (301 or 302 or 303 or 307 or 308) || response.Headers.Location is not { } location) return null;
        var from = request.RequestUri!;
        var target = location.IsAbsoluteUri ? location : new Uri(from, location);
        if (Uri.Compare(target, from, UriComponents.SchemeAndServer, UriFormat.Unescaped, StringComparison.OrdinalIgnoreCase) != 0) return null;

        var keepMethod = status is 307 or 308 || request.Method == HttpMethod.Head || (status != 303 && request.Method != HttpMethod.Post);
        var next = new HttpRequestMessage(keepMethod ? request.Method : HttpMethod.Get, target) { Version = request.Version, VersionPolicy = request.VersionPolicy };
        foreach (var (name, values) in request.Headers.NonValidated)
        {
            // The cookie handler adds the cookies for the new URI; the Host follows the URI.
            if (name.Equals("Cookie", StringComparison.OrdinalIgnoreCase) || name.Equals("Host", StringComparison.OrdinalIgnoreCase)) continue;
            if (!keepMethod && (name.Equals("Transfer-Encoding", StringComparison.OrdinalIgnoreCase) || name.Equals("Expect", StringComparison.OrdinalIgnoreCase))) continue;
            next.Headers.TryAddWithoutValidation(name, values);
        }
        if (keepMethod) next.Content = request.Content;
        foreach (var option in request.Options) ((IDictionary<string, object?>)next.Options)[option.Key] = option.Value;
        return next;
    }
}
