using Microsoft.Extensions.Configuration;
using MicroWeb.Configuration;

namespace MicroWeb.Security;

/// <summary>
/// Provides the application's master secret for signing and encrypting cookies: the Base64 value of the
/// <c>Security:Key</c> configuration key (shared by every instance behind a load balancer), or else a
/// random key generated once and kept in a key file (<c>Security:KeyFile</c>, default
/// <c>.microweb/key</c> under the content root) readable only by the app's user.
/// </summary>
internal static class KeyRing
{
    public const int KeySize = 32;

    public static byte[] LoadOrCreate(IConfiguration configuration, string contentRoot)
    {
        if (configuration["Security:Key"] is { Length: > 0 } configured)
        {
            byte[] key;
            try
            {
                key = Convert.FromBase64String(configured);
            }
            catch (FormatException)
            {
                throw ConfigurationValues.Invalid("Security:Key", "(hidden)", $"Base64 of at least {KeySize} random bytes");
            }
            if (key.Length < KeySize) throw ConfigurationValues.Invalid("Security:Key", "(hidden)", $"Base64 of at least {KeySize} random bytes");
            return key;
        }

        var path = Path.GetFullPath(configuration["Security:KeyFile"] ?? Path.Combine(".microweb", "key"), contentRoot);
        if (File.Exists(path))
        {
            var key = File.ReadAllBytes(path);
            if (key.Length < KeySize) throw new InvalidOperationException($"The key file '{path}' (Security:KeyFile) is shorter than {KeySize} bytes; delete it to generate a new one.");
            return key;
        }

        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var created = System.Security.Cryptography.RandomNumberGenerator.GetBytes(KeySize);
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows()) options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        try
        {
            using var file = new FileStream(path, options);
            file.Write(created);
        }
        catch (IOException) when (File.Exists(path))
        {
            // Another instance created it first: use theirs so both agree.
            return File.ReadAllBytes(path);
        }
        return created;
    }
}
