using MicroWeb;

namespace MessageBoard.Api;

/// <summary>
/// The security stamp check for bearer tokens: a token whose <c>stamp</c> claim is not its user's current stamp (the
/// user logged out since, or was deleted) is refused with 401 <c>invalid_token</c> (RFC 6750 §3.1: "revoked"), as a
/// stale sign-in cookie is signed out. The cookie's check is <c>AuthenticationOptions.OnValidatePrincipal</c>, which
/// MicroWeb runs for cookies only; this middleware, right after <c>UseAuthentication</c>, does it for tokens, with the
/// same one primary-key lookup per request.
/// </summary>
public static class BearerSecurityStamp
{
    public static Func<HttpContext, RequestDelegate, Task> Check(Func<User, Task<bool>> isCurrent) => async (context, next) =>
    {
        var user = context.GetUser();
        if (user.IsAuthenticated && IsBearer(context.Request) && !await isCurrent(user))
        {
            context.Response.Headers["WWW-Authenticate"] = "Bearer error=\"invalid_token\", error_description=\"The token was revoked.\"";
            await Results.Problem("The token was revoked: its user logged out since it was issued. Get a new one from /api/tokens.", 401).ExecuteAsync(context);
            return;
        }

        await next(context);
    };

    /// <summary>True when the request authenticated with <c>Authorization: Bearer</c> rather than the cookie.</summary>
    private static bool IsBearer(HttpRequest request) =>
        request.Headers["Authorization"].ToString().StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase);
}
