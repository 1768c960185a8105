namespace MicroWeb;

/// <summary>
/// The attributes of a cookie set on a response. The defaults are the safe ones: HttpOnly (no script
/// access) and SameSite=Lax (no cross-site POSTs carry it).
/// </summary>
public sealed class CookieOptions
{
    /// <summary>The path the cookie applies to. Default <c>/</c>, the whole site; null leaves it to the browser (the request's directory).</summary>
    public string? Path { get; set; } = "/";

    /// <summary>The domain the cookie applies to, subdomains included. Default null: this host only, which is stricter.</summary>
    public string? Domain { get; set; }

    /// <summary>When the cookie expires. Default null: a session cookie, gone when the browser closes.</summary>
    public DateTimeOffset? Expires { get; set; }

    /// <summary>How long the cookie lives, in whole seconds; wins over <see cref="Expires"/> in browsers. Zero or negative expires it at once.</summary>
    public TimeSpan? MaxAge { get; set; }

    /// <summary>Whether the cookie is sent over HTTPS only. Forced on for <see cref="SameSiteMode.None"/>, <see cref="Partitioned"/> and names starting with <c>__Secure-</c> or <c>__Host-</c>, which browsers reject otherwise.</summary>
    public bool Secure { get; set; }

    /// <summary>Whether scripts are denied access to the cookie. Default true.</summary>
    public bool HttpOnly { get; set; } = true;

    /// <summary>When the browser sends the cookie on cross-site requests. Default <see cref="SameSiteMode.Lax"/>.</summary>
    public SameSiteMode SameSite { get; set; } = SameSiteMode.Lax;

    /// <summary>Whether the cookie is partitioned by top-level site (CHIPS), for embedded third-party use. Default false.</summary>
    public bool Partitioned { get; set; }
}
