using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace MicroWeb;

/// <summary>
/// Hashes passwords for storage with PBKDF2-HMAC-SHA256 and a random 16-byte salt, in a versioned text
/// format (<c>v1$iterations$salt$hash</c>, Base64) so the cost can be raised later without breaking stored hashes.
/// </summary>
public static class PasswordHasher
{
    /// <summary>Iterations for new hashes (OWASP's 2023 guidance for PBKDF2-SHA256 is 600,000; this trades some of that for login latency on small servers).</summary>
    public const int Iterations = 210_000;

    private const int MinimumIterations = 100_000;
    private const int SaltSize = 16;
    private const int HashSize = 32;
    private const string Version = "v1";

    /// <summary>Hashes <paramref name="password"/> with a new random salt.</summary>
    public static string Hash(string password)
    {
        ArgumentNullException.ThrowIfNull(password);
        Span<byte> salt = stackalloc byte[SaltSize];
        RandomNumberGenerator.Fill(salt);
        Span<byte> hash = stackalloc byte[HashSize];
        Rfc2898DeriveBytes.Pbkdf2(Encoding.UTF8.GetBytes(password), salt, hash, Iterations, HashAlgorithmName.SHA256);
        return $"{Version}${Iterations.ToString(CultureInfo.InvariantCulture)}${Convert.ToBase64String(salt)}${Convert.ToBase64String(hash)}";
    }

    /// <summary>
    /// Checks <paramref name="password"/> against a stored hash in constant time. A malformed or unknown-version
    /// hash verifies as false rather than throwing, so a corrupt row cannot crash a login.
    /// </summary>
    public static bool Verify(string password, string storedHash)
    {
        ArgumentNullException.ThrowIfNull(password);
        if (!TryParse(storedHash, out var iterations, out var salt, out var expected)) return false;
        var actual = new byte[expected.Length];
        Rfc2898DeriveBytes.Pbkdf2(Encoding.UTF8.GetBytes(password), salt, actual, iterations, HashAlgorithmName.SHA256);
        return CryptographicOperations.FixedTimeEquals(actual, expected);
    }

    /// <summary>True when a stored hash uses fewer iterations than new hashes do (rehash it at the next successful login).</summary>
    public static bool NeedsRehash(string storedHash) =>
        !TryParse(storedHash, out var iterations, out _, out _) || iterations < Iterations;

    private static bool TryParse(string? stored, out int iterations, out byte[] salt, out byte[] hash)
    {
        iterations = 0;
        salt = hash = [];
        var parts = stored?.Split('$');
        if (parts is not [Version, var count, var saltText, var hashText]) return false;
        if (!int.TryParse(count, NumberStyles.None, CultureInfo.InvariantCulture, out iterations) || iterations < MinimumIterations) return false;
        try
        {
            salt = Convert.FromBase64String(saltText);
            hash = Convert.FromBase64String(hashText);
        }
        catch (FormatException)
        {
            return false;
        }
        return salt.Length == SaltSize && hash.Length == HashSize;
    }
}
