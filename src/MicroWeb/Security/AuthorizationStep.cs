using MicroWeb.Routing;

namespace MicroWeb.Security;

/// <summary>
/// Enforces <see cref="AuthorizeAttribute"/> endpoint metadata: a request without a user (from the cookie or a bearer
/// token, whichever authenticated it) is challenged (302 to the login page, or 401 for JSON clients and refused
/// bearer tokens, see <see cref="AuthenticationExtensions.ChallengeAsync"/>) before its body is read or a controller
/// is created, so a stranger costs nothing more.
/// </summary>
internal sealed class AuthorizationStep : IEndpointStep
{
    public static AuthorizationStep Instance { get; } = new();

    public EndpointDelegate Wrap(IReadOnlyList<object> metadata, EndpointDelegate next)
    {
        foreach (var item in metadata)
        {
            if (item is AuthorizeAttribute)
            {
                return (context, values) => context.GetUser().IsAuthenticated ? next(context, values) : AuthenticationExtensions.ChallengeAsync(context);
            }
        }

        return next;
    }
}
