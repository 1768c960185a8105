using System.Collections.Concurrent;
using MessageBoard.Data;
using MicroWeb;

namespace MessageBoard;

/// <summary>
/// Checks a user name and password, for the login form and for <c>POST /api/tokens</c> alike, so both cost the same
/// PBKDF2 hash whether or not the name exists (the response time does not tell which names exist).
/// </summary>
public static class AccountCredentials
{
    /// <summary>Longer names and passwords are refused before hashing; no account can have them.</summary>
    public const int MaxNameLength = 20;

    public const int MaxPasswordLength = 128;

    // One per cost: a dummy hash made with the configured iterations, so an unknown name costs what a known one does.
    private static readonly ConcurrentDictionary<int, string> s_unknownUserHashes = new();

    /// <summary>The account when the password is its own, else null. Rehashes at today's cost after a success.</summary>
    public static async Task<UserAccount?> VerifyAsync(IUserStore users, PasswordHasher hasher, string? name, string? password)
    {
        var user = name is { Length: > 0 and <= MaxNameLength } ? await users.FindByNameAsync(name) : null;
        var unknownUserHash = s_unknownUserHashes.GetOrAdd(hasher.Iterations, _ => hasher.Hash(Guid.NewGuid().ToString()));
        var valid = password is { Length: > 0 and <= MaxPasswordLength }
            && hasher.Verify(password, user?.PasswordHash ?? unknownUserHash) && user is not null;
        if (!valid || user is null) return null;
        // Security:PasswordIterations was raised since this hash was stored: store one at today's cost.
        if (hasher.NeedsRehash(user.PasswordHash)) await users.SetPasswordHashAsync(user.Id, hasher.Hash(password!));
        return user;
    }
}
