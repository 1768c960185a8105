namespace MicroWeb;

/// <summary>
/// What <see cref="AuthenticationOptions.OnValidatePrincipal"/> is given: the request, the user its cookie names, and
/// the cookie's instants. The user stands unless the callback calls <see cref="RejectPrincipal"/>.
/// </summary>
public sealed class ValidatePrincipalContext
{
    internal ValidatePrincipalContext(HttpContext httpContext, User user, DateTimeOffset signedIn, DateTimeOffset issued, DateTimeOffset expires)
    {
        HttpContext = httpContext;
        User = user;
        SignedIn = signedIn;
        Issued = issued;
        Expires = expires;
    }

    /// <summary>The request being authenticated (its <see cref="HttpContext.RequestServices"/> resolve the app's services).</summary>
    public HttpContext HttpContext { get; }

    /// <summary>The user the cookie names, with the claims given at sign-in.</summary>
    public User User { get; }

    /// <summary>When the user signed in (UTC); renewals keep it.</summary>
    public DateTimeOffset SignedIn { get; }

    /// <summary>When this cookie was issued (UTC): the sign-in or the latest renewal.</summary>
    public DateTimeOffset Issued { get; }

    /// <summary>When this cookie expires (UTC).</summary>
    public DateTimeOffset Expires { get; }

    /// <summary>True once <see cref="RejectPrincipal"/> was called.</summary>
    public bool IsRejected { get; private set; }

    /// <summary>Signs the user out: the request runs anonymous and the response deletes the authentication cookie.</summary>
    public void RejectPrincipal() => IsRejected = true;
}
