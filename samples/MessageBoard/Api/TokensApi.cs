using System.Text.Json.Serialization;
using MessageBoard.Data;
using MicroWeb;

namespace MessageBoard.Api;

/// <summary>The answer of <c>POST /api/tokens</c>, the shape of RFC 6749 §5.1.</summary>
/// <param name="AccessToken">The JWT to send as <c>Authorization: Bearer …</c>.</param>
/// <param name="TokenType">Always <c>Bearer</c> (RFC 6750).</param>
/// <param name="ExpiresIn">Seconds until the token expires.</param>
public sealed record TokenResponse(
    [property: JsonPropertyName("access_token")] string AccessToken,
    [property: JsonPropertyName("token_type")] string TokenType,
    [property: JsonPropertyName("expires_in")] long ExpiresIn);

/// <summary>An error of the token endpoint, the shape of RFC 6749 §5.2.</summary>
/// <param name="Error"><c>invalid_request</c>, <c>unsupported_grant_type</c> or <c>invalid_grant</c>.</param>
/// <param name="ErrorDescription">What went wrong, for a person.</param>
public sealed record TokenError(
    [property: JsonPropertyName("error")] string Error,
    [property: JsonPropertyName("error_description")] string ErrorDescription);

/// <summary>
/// <c>POST /api/tokens</c>: a user name and password for a bearer token, as OAuth 2.0's resource owner password
/// grant (RFC 6749 §4.3): a form with <c>grant_type=password</c>, <c>username</c> and <c>password</c>. Mapped only
/// when bearer authentication is on (<see cref="BoardTokens"/>).
/// </summary>
/// <remarks>
/// The same budgets as the login form (<see cref="AccountRateLimits"/>: per address and per name), since it guesses
/// passwords as well. No antiforgery token: the request carries the credentials themselves, so a forged one gains
/// its sender nothing, and the token is in the response body, which a cross-site page cannot read.
/// </remarks>
public static class TokensApi
{
    public static void Map(RouteGroupBuilder api, BoardTokens? tokens)
    {
        if (tokens is null) return;
        api.MapPost("/tokens", Issue, endpoint => endpoint
            .RequireRateLimiting(AccountRateLimits.PerAddress)
            .RequireRateLimiting(AccountRateLimits.PerName)
            .WithMetadata(new IgnoreAntiforgeryTokenAttribute()));
    }

    /// <summary>A bearer token for the user whose name and password are posted.</summary>
    /// <param name="grantType">Must be <c>password</c>.</param>
    /// <param name="username">The board's user name.</param>
    /// <param name="password">That user's password.</param>
    [ProducesResponseType(typeof(TokenResponse), 200)]
    [ProducesResponseType(typeof(TokenError), 400, Description = "invalid_grant: wrong user name or password; or a missing field, another grant type.")]
    [ProducesResponseType(typeof(string), 429, ContentType = "text/plain", Description = "Too many attempts from this address or for this name; Retry-After says how long to wait.")]
    private static async Task<IResult> Issue(
        [FromForm(Name = "grant_type")] string? grantType, [FromForm] string? username, [FromForm] string? password,
        HttpContext context, IUserStore users, PasswordHasher hasher, BoardTokens tokens)
    {
        // RFC 6749 §5.1: a token response is never cached.
        context.Response.Headers["Cache-Control"] = "no-store";
        if (grantType is null || username is null || password is null)
        {
            return Error("invalid_request", "Send grant_type=password, username and password as a form.");
        }

        if (grantType != "password")
        {
            return Error("unsupported_grant_type", "Only grant_type=password is supported.");
        }

        if (await AccountCredentials.VerifyAsync(users, hasher, username, password) is not { } user)
        {
            return Error("invalid_grant", "Wrong username or password.");
        }

        return Results.Json(new TokenResponse(tokens.Issue(user), "Bearer", (long)tokens.Lifetime.TotalSeconds));
    }

    private static IResult Error(string error, string description) => Results.Json(new TokenError(error, description), 400);
}
