using MicroWeb.Security.Bearer;

namespace MicroWeb.Security;

/// <summary>
/// Reads the authentication cookie into a <see cref="User"/> (in <see cref="HttpContext.Items"/>) before the rest of
/// the pipeline runs; a tampered, undecodable, expired, future-dated or past-its-absolute-cap cookie means anonymous,
/// and so does one the app's <see cref="AuthenticationOptions.OnValidatePrincipal"/> rejects (which also deletes it).
/// Renews the cookie when sliding expiration is on and half its lifetime has passed, never beyond the absolute cap.
/// Also what <see cref="AuthenticationExtensions.SignInAsync"/> writes with.
/// With JWT bearer on (<see cref="JwtBearerExtensions.AddJwtBearer"/>), a request with <c>Authorization: Bearer</c> is
/// authenticated by its token alone: valid, its <c>sub</c> is the user; invalid, the request is anonymous (and an
/// <see cref="AuthorizeAttribute"/> endpoint answers 401 <c>invalid_token</c>), and the cookie is not read either way,
/// since the client chose how it authenticates.
/// </summary>
internal sealed class AuthenticationMiddleware
{
    /// <summary>
    /// How far in the future a ticket may say it was issued: instances behind a load balancer disagree a little about
    /// the time. Further than that, the ticket was made by a clock that is wrong or by someone holding the key.
    /// </summary>
    public static readonly TimeSpan ClockSkew = TimeSpan.FromMinutes(5);

    private readonly DataProtector _protector;
    private readonly TimeProvider _time;
    private readonly TimeSpan _absoluteExpiration;
    private readonly Func<ValidatePrincipalContext, Task>? _validate;

    private readonly JwtBearerValidator? _bearer;

    public AuthenticationMiddleware(AuthenticationOptions options, TimeSpan absoluteExpiration, DataProtector protector, TimeProvider time, JwtBearerValidator? bearer = null)
    {
        _bearer = bearer;
        Options = options;
        _absoluteExpiration = absoluteExpiration;
        _protector = protector;
        _time = time;
        _validate = options.OnValidatePrincipal;
    }

    public AuthenticationOptions Options { get; }

    /// <summary>True when JWT bearer authentication is on, so a challenge names the Bearer scheme.</summary>
    public bool HasBearer => _bearer is not null;

    public Task InvokeAsync(HttpContext context, RequestDelegate next)
    {
        context.Items[typeof(AuthenticationMiddleware)] = this;
        if (_bearer is not null && BearerOutcome.TokenOf(context.Request) is { } token)
        {
            if (_bearer.Validate(token, _time.GetUtcNow(), out var error) is { } bearerUser)
            {
                context.Items[typeof(User)] = bearerUser;
                BearerOutcome.Authenticated(context);
            }
            else
            {
                context.Items[typeof(User)] = User.Anonymous;
                BearerOutcome.Refused(context, error);
            }
            return next(context);
        }

        if (!context.Request.Cookies.TryGetValue(Options.CookieName, out var cookie) || Read(cookie) is not { } ticket)
        {
            context.Items[typeof(User)] = User.Anonymous;
            return next(context);
        }

        var user = new User(ticket.UserId, ticket.Claims);
        if (_validate is null)
        {
            Accept(context, ticket, user);
            return next(context);
        }
        return ValidateAsync(context, ticket, user, _validate, next);
    }

    public void SignIn(HttpContext context, string userId, IReadOnlyDictionary<string, string> claims)
    {
        var now = _time.GetUtcNow();
        Write(context, new AuthenticationTicket(userId, claims, now, now, now + Options.ExpireTimeSpan));
        context.Items[typeof(User)] = new User(userId, claims);
        AntiforgeryMiddleware.Rotate(context);
    }

    public void SignOut(HttpContext context)
    {
        context.Response.Cookies.Delete(Options.CookieName, SecureCookieDefaults.For(context.Request));
        context.Items[typeof(User)] = User.Anonymous;
        AntiforgeryMiddleware.Rotate(context);
    }

    /// <summary>The cookie's ticket when it is genuine and current, else null.</summary>
    private AuthenticationTicket? Read(string cookie)
    {
        if (_protector.Unprotect(cookie) is not { } payload || AuthenticationTicket.Deserialize(payload) is not { } ticket) return null;
        var now = _time.GetUtcNow();
        if (ticket.Issued > now + ClockSkew || ticket.SignedIn > ticket.Issued) return null;
        // The cap is checked here, not only when renewing, so lowering AbsoluteExpiration also ends older sign-ins.
        return now < ticket.Expires && now - ticket.SignedIn < _absoluteExpiration ? ticket : null;
    }

    private async Task ValidateAsync(HttpContext context, AuthenticationTicket ticket, User user, Func<ValidatePrincipalContext, Task> validate, RequestDelegate next)
    {
        var validation = new ValidatePrincipalContext(context, user, ticket.SignedIn, ticket.Issued, ticket.Expires);
        await validate(validation).ConfigureAwait(false);
        if (validation.IsRejected) SignOut(context);
        else Accept(context, ticket, user);
        await next(context).ConfigureAwait(false);
    }

    private void Accept(HttpContext context, AuthenticationTicket ticket, User user)
    {
        context.Items[typeof(User)] = user;
        if (!Options.SlidingExpiration) return;
        var now = _time.GetUtcNow();
        if (ticket.Expires - now >= Options.ExpireTimeSpan / 2) return;
        var left = _absoluteExpiration - (now - ticket.SignedIn);
        var expires = now + (left < Options.ExpireTimeSpan ? left : Options.ExpireTimeSpan);
        // At the cap a renewal would not reach further than the cookie already does: nothing to send.
        if (expires > ticket.Expires) Write(context, ticket with { Issued = now, Expires = expires });
    }

    private void Write(HttpContext context, AuthenticationTicket ticket) =>
        context.Response.Cookies.Append(Options.CookieName, _protector.Protect(ticket.Serialize()), SecureCookieDefaults.For(context.Request, expires: ticket.Expires));
}
