using System.Net;

namespace MicroWeb.Testing;

/// <summary>
/// How <see cref="MicroWebTestHost.CreateClient(MicroWebTestClientOptions)"/> sets up an
/// <see cref="HttpClient"/>. The defaults act like a browser: cookies are kept and redirects followed.
/// </summary>
public sealed class MicroWebTestClientOptions
{
    /// <summary>The client's base address, and so the <c>Host</c> header requests carry. Default <c>http://localhost/</c>.</summary>
    public Uri BaseAddress { get; set; } = new("http://localhost/");

    /// <summary>
    /// Whether redirects (301, 302, 303, 307, 308) to the same scheme, host and port are followed. Default
    /// true. A redirect elsewhere is returned as it is, since only this app answers. When true, a request
    /// body is buffered so a 307 or 308 can send it again.
    /// </summary>
    public bool AllowAutoRedirect { get; set; } = true;

    /// <summary>How many redirects one request follows at most; the last redirect response is returned after that. Default 7.</summary>
    public int MaxAutomaticRedirections { get; set; } = 7;

    /// <summary>Whether the client stores cookies from <c>Set-Cookie</c> and sends them back. Default true.</summary>
    public bool HandleCookies { get; set; } = true;

    /// <summary>
    /// The jar the client keeps cookies in, when <see cref="HandleCookies"/> is true; pass your own to read
    /// or plant cookies. Null (the default) gives each client a new, empty one.
    /// </summary>
    public CookieContainer? CookieContainer { get; set; }
}
