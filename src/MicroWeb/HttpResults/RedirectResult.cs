namespace MicroWeb.HttpResults;

/// <summary>A redirect: 302 (or 301 when permanent) with a <c>Location</c> header and no body.</summary>
internal sealed class RedirectResult : IResult
{
    public RedirectResult(string url, bool permanent, bool allowExternal)
    {
        // A CR or LF cannot add header fields of its own: HttpResponse.Redirect percent-encodes the URL.
        ArgumentException.ThrowIfNullOrEmpty(url);
        if (!allowExternal && !Results.IsLocalUrl(url))
        {
            throw new ArgumentException(
                $"'{url}' is not a local URL (one starting with a single '/'). Redirecting to a URL taken from the request "
                + "is an open redirect; check it with Results.IsLocalUrl, or use RedirectExternal for a URL you trust.",
                nameof(url));
        }

        Url = url;
        Permanent = permanent;
    }

    public string Url { get; }

    public bool Permanent { get; }

    public Task ExecuteAsync(HttpContext context)
    {
        context.Response.Redirect(Url, Permanent);
        return Task.CompletedTask;
    }
}
