namespace MicroWeb;

/// <summary>The user a request was made by, from the authentication cookie; see <see cref="AuthenticationExtensions.GetUser"/>.</summary>
public sealed class User
{
    private static readonly IReadOnlyDictionary<string, string> s_noClaims = new Dictionary<string, string>();

    internal User(string? userId, IReadOnlyDictionary<string, string> claims)
    {
        UserId = userId;
        Claims = claims;
    }

    /// <summary>The user of a request without a valid authentication cookie.</summary>
    public static User Anonymous { get; } = new(null, s_noClaims);

    /// <summary>The id given to <see cref="AuthenticationExtensions.SignInAsync"/>, or null when anonymous.</summary>
    public string? UserId { get; }

    /// <summary>The claims given at sign-in (empty when anonymous).</summary>
    public IReadOnlyDictionary<string, string> Claims { get; }

    /// <summary>True when the request carried a valid, unexpired authentication cookie (or the user signed in during it).</summary>
    public bool IsAuthenticated => UserId is not null;
}
