using MicroWeb.Http.Cookies;
using MicroWeb.Http.Parsing;

namespace MicroWeb;

/// <summary>Adds <c>Set-Cookie</c> header fields to a response (<see cref="HttpResponse.Cookies"/>).</summary>
public sealed class ResponseCookies
{
    private static readonly CookieOptions s_defaults = new();
    private readonly HeaderDictionary _headers;

    internal ResponseCookies(HeaderDictionary headers) => _headers = headers;

    /// <summary>
    /// Sets a cookie. By default it is HttpOnly, SameSite=Lax and valid for the whole site (<c>Path=/</c>).
    /// The value must already be cookie-safe (URL-encode arbitrary text with <see cref="Uri.EscapeDataString(string)"/>).
    /// </summary>
    /// <exception cref="ArgumentException">The name or value contains characters a cookie cannot carry.</exception>
    public void Append(string name, string value, CookieOptions? options = null) =>
        _headers.Append(KnownHeaders.SetCookie, SetCookieHeader.Format(name, value, options ?? s_defaults));

    /// <summary>Tells the client to delete a cookie (same <paramref name="options"/> Path and Domain as when it was set).</summary>
    public void Delete(string name, CookieOptions? options = null) =>
        _headers.Append(KnownHeaders.SetCookie, SetCookieHeader.FormatDelete(name, options ?? s_defaults));
}
