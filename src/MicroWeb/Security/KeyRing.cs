using System.Globalization;
using System.Security.Cryptography;
using Microsoft.Extensions.Configuration;
using MicroWeb.Configuration;

namespace MicroWeb.Security;

/// <summary>
/// The application's master keys for signing and encrypting cookies, in order: the first protects, every one
/// unprotects, so a new key can be rolled out before the old one is dropped. They come from <c>Security:Keys</c> (an
/// array of Base64 values, shared by every instance behind a load balancer), or <c>Security:Key</c> (one key, the
/// format before rotation), or else a random key generated once and kept in a key file (<c>Security:KeyFile</c>,
/// default <c>.microweb/key</c> under the content root) readable only by the app's user.
/// </summary>
internal sealed class KeyRing
{
    public const int KeySize = 32;
    private const string KeysSection = "Security:Keys";
    private const string SingleKey = "Security:Key";

    public KeyRing(IReadOnlyList<byte[]> keys)
    {
        if (keys.Count == 0) throw new ArgumentException("A key ring needs at least one key.", nameof(keys));
        var ring = new MasterKey[keys.Count];
        for (var i = 0; i < keys.Count; i++)
        {
            if (keys[i].Length < KeySize) throw new ArgumentException($"Every master key must be at least {KeySize} bytes.", nameof(keys));
            ring[i] = new MasterKey(KeyId(keys[i]), keys[i]);
        }
        Keys = ring;
    }

    /// <summary>The keys, newest (the one that protects) first.</summary>
    public IReadOnlyList<MasterKey> Keys { get; }

    /// <summary>
    /// The id a token names its key by: four bytes derived from the key with HKDF, so every instance computes the same
    /// id from the same key without configuring one, and the id tells nothing about the key.
    /// </summary>
    public static uint KeyId(byte[] key) =>
        System.Buffers.Binary.BinaryPrimitives.ReadUInt32BigEndian(HKDF.DeriveKey(HashAlgorithmName.SHA256, key, 4, info: "MicroWeb:key-id"u8.ToArray()));

    /// <summary>
    /// The configured ring (<c>Security:Keys</c>, else <c>Security:Key</c>), or null when neither is set. Parses and
    /// checks every key, so a bad value fails at startup naming its key (<c>Security:Keys:1</c>), never the value.
    /// </summary>
    public static KeyRing? FromConfiguration(IConfiguration configuration)
    {
        var entries = configuration.GetSection(KeysSection).GetChildren().ToList();
        var single = configuration[SingleKey] is { Length: > 0 } configured ? configured : null;
        if (entries.Count == 0) return single is null ? null : new KeyRing([Parse(SingleKey, single)]);
        if (single is not null)
        {
            throw new InvalidOperationException($"Both '{SingleKey}' and '{KeysSection}' are set; move the single key into the list (as its last entry, to keep its cookies valid) and remove '{SingleKey}'.");
        }

        var keys = new List<byte[]>(entries.Count);
        foreach (var entry in entries)
        {
            if (!int.TryParse(entry.Key, NumberStyles.None, CultureInfo.InvariantCulture, out _))
            {
                throw ConfigurationValues.Invalid(entry.Path, "(hidden)", $"an array entry ({KeysSection}:0, {KeysSection}:1, …) holding Base64 of at least {KeySize} random bytes");
            }
            var key = Parse(entry.Path, entry.Value);
            for (var earlier = 0; earlier < keys.Count; earlier++)
            {
                if (keys[earlier].AsSpan().SequenceEqual(key)) throw new InvalidOperationException($"The key '{entry.Path}' repeats '{entries[earlier].Path}'; each key in '{KeysSection}' must be different.");
            }
            keys.Add(key);
        }
        return new KeyRing(keys);
    }

    /// <summary>The key file's one key, created (owner-only) when it does not exist yet.</summary>
    public static KeyRing FromKeyFile(IConfiguration configuration, string contentRoot)
    {
        var path = Path.GetFullPath(configuration["Security:KeyFile"] ?? Path.Combine(".microweb", "key"), contentRoot);
        if (File.Exists(path))
        {
            var key = File.ReadAllBytes(path);
            if (key.Length < KeySize) throw new InvalidOperationException($"The key file '{path}' (Security:KeyFile) is shorter than {KeySize} bytes; delete it to generate a new one.");
            return new KeyRing([key]);
        }

        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var created = RandomNumberGenerator.GetBytes(KeySize);
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
            return new KeyRing([File.ReadAllBytes(path)]);
        }
        return new KeyRing([created]);
    }

    private static byte[] Parse(string name, string? value)
    {
        // The value is a secret: errors name the key, never echo it.
        var expected = $"Base64 of at least {KeySize} random bytes";
        if (value is not { Length: > 0 }) throw ConfigurationValues.Invalid(name, "(empty)", expected);
        byte[] key;
        try
        {
            key = Convert.FromBase64String(value);
        }
        catch (FormatException)
        {
            throw ConfigurationValues.Invalid(name, "(hidden)", expected);
        }
        if (key.Length < KeySize) throw ConfigurationValues.Invalid(name, "(hidden)", expected + $", not {key.Length}");
        return key;
    }
}

/// <summary>One master key of a <see cref="KeyRing"/> and the id tokens made with it carry.</summary>
internal sealed record MasterKey(uint Id, byte[] Material);
