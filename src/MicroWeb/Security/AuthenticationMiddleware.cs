namespace MicroWeb.Security;

/// <summary>
/// Reads the authentication cookie into a <see cref="User"/> (in <see cref="HttpContext.Items"/>) before the rest of
/// the pipeline runs; a tampered, undecodable or expired cookie means anonymous. Renews the cookie when sliding
/// expiration is on and half its lifetime has passed. Also what <see cref="AuthenticationExtensions.SignInAsync"/> writes with.
/// </summary>
internal sealed class AuthenticationMiddleware(AuthenticationOptions options, DataProtector protector, TimeProvider time)
{
    public AuthenticationOptions Options { get; } = options;

    public Task InvokeAsync(HttpContext context, RequestDelegate next)
    {
        context.Items[typeof(AuthenticationMiddleware)] = this;
        var user = User.Anonymous;
        if (context.Request.Cookies.TryGetValue(Options.CookieName, out var cookie)
            && protector.Unprotect(cookie) is { } payload
            && AuthenticationTicket.Deserialize(payload) is { } ticket)
        {
            var now = time.GetUtcNow();
            if (now < ticket.Expires)
            {
                user = new User(ticket.UserId, ticket.Claims);
                if (Options.SlidingExpiration && ticket.Expires - now < Options.ExpireTimeSpan / 2)
                {
                    SignIn(context, ticket.UserId, ticket.Claims);
                }
            }
        }

        context.Items[typeof(User)] = user;
        return next(context);
    }

    public void SignIn(HttpContext context, string userId, IReadOnlyDictionary<string, string> claims)
    {
        var now = time.GetUtcNow();
        var ticket = new AuthenticationTicket(userId, claims, now, now + Options.ExpireTimeSpan);
        context.Response.Cookies.Append(Options.CookieName, protector.Protect(ticket.Serialize()), SecureCookieDefaults.For(context.Request, expires: ticket.Expires));
        context.Items[typeof(User)] = new User(userId, claims);
    }

    public void SignOut(HttpContext context)
    {
        context.Response.Cookies.Delete(Options.CookieName, SecureCookieDefaults.For(context.Request));
        context.Items[typeof(User)] = User.Anonymous;
    }
}
