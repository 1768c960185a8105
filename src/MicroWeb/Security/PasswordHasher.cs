using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace MicroWeb;

/// <summary>
/// Hashes passwords for storage with PBKDF2-HMAC-SHA256 and a random 16-byte salt, in a versioned text format
/// (<c>v1$iterations$salt$hash</c>, Base64), so the cost can be raised later without breaking stored hashes: hashes
/// with fewer iterations still verify, and <see cref="NeedsRehash"/> says to store a new one at the next login.
/// </summary>
/// <remarks>
/// The app's instance comes from dependency injection, with <see cref="Iterations"/> from
/// <c>Security:PasswordIterations</c> (default 210,000; at least 100,000).
/// </remarks>
public sealed class PasswordHasher
{
    /// <summary>OWASP's 2023 guidance for PBKDF2-SHA256 is 600,000; the default trades some of that for login latency on small servers.</summary>
    internal const int DefaultIterations = 210_000;

    /// <summary>Below this, a new hash is refused and a stored one is treated as corrupt.</summary>
    internal const int MinimumIterations = 100_000;

    private const int SaltSize = 16;
    private const int HashSize = 32;
    private const string Version = "v1";

    /// <summary>A hasher with the default cost (210,000 iterations).</summary>
    public PasswordHasher()
        : this(DefaultIterations)
    {
    }

    /// <summary>A hasher making new hashes with <paramref name="iterations"/> iterations.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="iterations"/> is below 100,000.</exception>
    public PasswordHasher(int iterations)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(iterations, MinimumIterations);
        Iterations = iterations;
    }

    /// <summary>The PBKDF2 iterations of new hashes.</summary>
    public int Iterations { get; }

    /// <summary>Hashes <paramref name="password"/> with a new random salt.</summary>
    public string Hash(string password)
    {
        ArgumentNullException.ThrowIfNull(password);
        Span<byte> salt = stackalloc byte[SaltSize];
        RandomNumberGenerator.Fill(salt);
        Span<byte> hash = stackalloc byte[HashSize];
        Rfc2898DeriveBytes.Pbkdf2(Encoding.UTF8.GetBytes(password), salt, hash, Iterations, HashAlgorithmName.SHA256);
        return $"{Version}${Iterations.ToString(CultureInfo.InvariantCulture)}${Convert.ToBase64String(salt)}${Convert.ToBase64String(hash)}";
    }

    /// <summary>
    /// Checks <paramref name="password"/> against a stored hash in constant time, with the iterations the hash was
    /// made with. A malformed or unknown-version hash verifies as false rather than throwing, so a corrupt row cannot
    /// crash a login.
    /// </summary>
    public bool Verify(string password, string storedHash)
    {
        ArgumentNullException.ThrowIfNull(password);
        if (!TryParse(storedHash, out var iterations, out var salt, out var expected)) return false;
        var actual = new byte[expected.Length];
        Rfc2898DeriveBytes.Pbkdf2(Encoding.UTF8.GetBytes(password), salt, actual, iterations, HashAlgorithmName.SHA256);
        return CryptographicOperations.FixedTimeEquals(actual, expected);
    }

    /// <summary>True when a stored hash uses fewer iterations than <see cref="Iterations"/>, or is malformed: after a successful <see cref="Verify"/>, store <see cref="Hash"/> of the password instead.</summary>
    public bool NeedsRehash(string storedHash) =>
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
