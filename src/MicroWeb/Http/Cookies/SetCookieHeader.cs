using System.Globalization;
using System.Runtime.CompilerServices;

namespace MicroWeb.Http.Cookies;

/// <summary>
/// Formats Set-Cookie header values (RFC 6265 §4.1). Names must be tokens and values cookie-octets; anything
/// else throws <see cref="ArgumentException"/> naming the cookie rather than being silently encoded, so what
/// the application reads back is exactly what it set. To store arbitrary text, URL-encode it first
/// (<see cref="Uri.EscapeDataString(string)"/>) and decode it when reading.
/// </summary>
internal static class SetCookieHeader
{
    private const string SecurePrefix = "__Secure-";
    private const string HostPrefix = "__Host-";

    public static string Format(string name, string value, CookieOptions options)
    {
        ArgumentNullException.ThrowIfNull(value);
        ValidateName(name);
        if (!CookieGrammar.IsCookieValue(value))
        {
            throw new ArgumentException(
                $"Cookie '{name}' has a value with a character RFC 6265 does not allow (whitespace, '\"', ',', ';', '\\', " +
                "a control or non-ASCII character). URL-encode the value first, e.g. with Uri.EscapeDataString.", nameof(value));
        }
        return Build(name, value, options, options.Expires, options.MaxAge);
    }

    /// <summary>
    /// A Set-Cookie value that makes the browser drop cookie <paramref name="name"/>: empty and expired in
    /// 1970. Path and Domain must be those it was set with, or the browser treats it as another cookie.
    /// </summary>
    public static string FormatDelete(string name, CookieOptions options)
    {
        ValidateName(name);
        return Build(name, string.Empty, options, DateTimeOffset.UnixEpoch, maxAge: null);
    }

    private static void ValidateName(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (!CookieGrammar.IsCookieName(name))
            throw new ArgumentException($"Cookie name '{name}' is not an RFC 6265 token (letters, digits and !#$%&'*+-.^_`|~).", nameof(name));
    }

    private static string Build(string name, string value, CookieOptions options, DateTimeOffset? expires, TimeSpan? maxAge)
    {
        ArgumentNullException.ThrowIfNull(options);
        ValidateAttribute(name, "Path", options.Path);
        ValidateAttribute(name, "Domain", options.Domain);

        // Cookie prefixes (RFC 6265bis §4.1.3): browsers reject a __Host- cookie with a Domain or a Path other than "/".
        var host = name.StartsWith(HostPrefix, StringComparison.OrdinalIgnoreCase);
        if (host && (options.Domain is not null || options.Path != "/"))
            throw new ArgumentException($"Cookie '{name}' has the __Host- prefix, so it needs Path \"/\" and no Domain.", nameof(options));
        var secure = options.Secure || options.SameSite == SameSiteMode.None || options.Partitioned
            || host || name.StartsWith(SecurePrefix, StringComparison.OrdinalIgnoreCase);

        var header = new DefaultInterpolatedStringHandler(0, 0, CultureInfo.InvariantCulture, stackalloc char[256]);
        header.AppendLiteral(name);
        header.AppendLiteral("=");
        header.AppendLiteral(value);
        if (options.Path is not null)
        {
            header.AppendLiteral("; Path=");
            header.AppendLiteral(options.Path);
        }
        if (options.Domain is not null)
        {
            header.AppendLiteral("; Domain=");
            header.AppendLiteral(options.Domain);
        }
        if (expires is { } at)
        {
            // "R" is RFC 1123 in GMT, which is the IMF-fixdate RFC 6265 §5.1.1 expects.
            header.AppendLiteral("; Expires=");
            header.AppendFormatted(at.UtcDateTime, "R");
        }
        if (maxAge is { } age)
        {
            // RFC 6265 §5.2.2: a delta of zero or less expires the cookie at once, so negatives become 0.
            header.AppendLiteral("; Max-Age=");
            header.AppendFormatted(Math.Max(0L, (long)Math.Floor(age.TotalSeconds)));
        }
        if (secure)
            header.AppendLiteral("; Secure");
        if (options.HttpOnly)
            header.AppendLiteral("; HttpOnly");
        if (options.SameSite != SameSiteMode.Unspecified)
        {
            header.AppendLiteral("; SameSite=");
            header.AppendLiteral(options.SameSite switch
            {
                SameSiteMode.None => "None",
                SameSiteMode.Lax => "Lax",
                SameSiteMode.Strict => "Strict",
                _ => throw new ArgumentOutOfRangeException(nameof(options), options.SameSite, "Unknown SameSiteMode."),
            });
        }
        if (options.Partitioned)
            header.AppendLiteral("; Partitioned");
        return header.ToStringAndClear();
    }

    private static void ValidateAttribute(string name, string attribute, string? value)
    {
        if (value is not null && !CookieGrammar.IsAttributeValue(value))
            throw new ArgumentException($"Cookie '{name}' has a {attribute} containing ';' or a control character.", "options");
    }
}
