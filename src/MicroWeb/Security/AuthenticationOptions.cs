namespace MicroWeb;

/// <summary>Settings of the cookie authentication added by <see cref="AuthenticationExtensions.UseAuthentication"/>.</summary>
public sealed class AuthenticationOptions
{
    /// <summary>The name of the authentication cookie. Default <c>microweb.auth</c>.</summary>
    public string CookieName { get; set; } = "microweb.auth";

    /// <summary>Where an unauthenticated HTML request to an <see cref="AuthorizeAttribute"/> action is redirected, with <c>?returnUrl=</c>. Default <c>/login</c>.</summary>
    public string LoginPath { get; set; } = "/login";

    /// <summary>How long a sign-in lasts. Default 14 days.</summary>
    public TimeSpan ExpireTimeSpan { get; set; } = TimeSpan.FromDays(14);

    /// <summary>
    /// When true (the default), a request made after half of <see cref="ExpireTimeSpan"/> has passed renews the
    /// cookie for another full <see cref="ExpireTimeSpan"/>, so active users stay signed in.
    /// </summary>
    public bool SlidingExpiration { get; set; } = true;
}
