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
    /// cookie for another full <see cref="ExpireTimeSpan"/>, so active users stay signed in, up to
    /// <see cref="AbsoluteExpiration"/>.
    /// </summary>
    public bool SlidingExpiration { get; set; } = true;

    /// <summary>
    /// The longest a sign-in lasts, however often it is renewed, counted from the original sign-in (which the cookie
    /// carries): after it the user must sign in again. Default 30 days; at least <see cref="ExpireTimeSpan"/>. The
    /// configuration key <c>Authentication:AbsoluteExpiration</c> (a time span such as <c>30.00:00:00</c>), when set,
    /// takes precedence, so operators can shorten it without a rebuild.
    /// </summary>
    public TimeSpan AbsoluteExpiration { get; set; } = TimeSpan.FromDays(30);

    /// <summary>
    /// Called on every request whose cookie is valid and unexpired, before the rest of the pipeline sees the user: the
    /// place to check the user against the app's store (a security stamp that changes on logout or password change, a
    /// deleted or locked account) and call <see cref="ValidatePrincipalContext.RejectPrincipal"/> to sign them out.
    /// Null (the default) costs nothing.
    /// </summary>
    public Func<ValidatePrincipalContext, Task>? OnValidatePrincipal { get; set; }
}
