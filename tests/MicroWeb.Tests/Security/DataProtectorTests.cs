using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Configuration;
using MicroWeb.Security;

namespace MicroWeb.Tests.Security;

public class DataProtectorTests
{
    private static readonly byte[] s_key = RandomNumberGenerator.GetBytes(32);

    [Test]
    public void Protected_payload_round_trips_and_is_not_readable()
    {
        var protector = new DataProtector(s_key, "session");
        var token = protector.Protect("user=42;name=ada"u8);
        Assert.That(token, Does.Not.Contain("ada"));
        Assert.That(token, Does.Match("^[A-Za-z0-9_-]+$"), "URL- and cookie-safe");
        Assert.That(Encoding.UTF8.GetString(protector.Unprotect(token)!), Is.EqualTo("user=42;name=ada"));
    }

    [Test]
    public void Any_flipped_bit_makes_the_token_invalid()
    {
        var protector = new DataProtector(s_key, "session");
        var token = System.Buffers.Text.Base64Url.DecodeFromChars(protector.Protect("payload"u8));
        for (var i = 0; i < token.Length; i++)
        {
            var tampered = (byte[])token.Clone();
            tampered[i] ^= 0x01;
            Assert.That(protector.Unprotect(System.Buffers.Text.Base64Url.EncodeToString(tampered)), Is.Null, $"byte {i}");
        }
    }

    [TestCase("")]
    [TestCase("not base64!")]
    [TestCase("AAAA")]
    public void Garbage_token_is_rejected(string token) =>
        Assert.That(new DataProtector(s_key, "session").Unprotect(token), Is.Null);

    [Test]
    public void Tokens_do_not_cross_purposes_or_keys()
    {
        var token = new DataProtector(s_key, "session").Protect("x"u8);
        Assert.That(new DataProtector(s_key, "antiforgery").Unprotect(token), Is.Null);
        Assert.That(new DataProtector(RandomNumberGenerator.GetBytes(32), "session").Unprotect(token), Is.Null);
    }

    [Test]
    public void Key_file_is_created_once_with_owner_only_permissions_and_reused()
    {
        var root = Directory.CreateTempSubdirectory("microweb-keys-").FullName;
        try
        {
            var configuration = new ConfigurationBuilder().Build();
            var first = KeyRing.LoadOrCreate(configuration, root);
            var second = KeyRing.LoadOrCreate(configuration, root);
            Assert.That(second, Is.EqualTo(first));
            var path = Path.Combine(root, ".microweb", "key");
            if (!OperatingSystem.IsWindows())
                Assert.That(File.GetUnixFileMode(path), Is.EqualTo(UnixFileMode.UserRead | UnixFileMode.UserWrite));
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    [Test]
    public void Configured_key_wins_and_a_short_one_fails_naming_the_key()
    {
        var key = RandomNumberGenerator.GetBytes(32);
        var configured = new ConfigurationBuilder().AddInMemoryCollection([new("Security:Key", Convert.ToBase64String(key))]).Build();
        Assert.That(KeyRing.LoadOrCreate(configured, Path.GetTempPath()), Is.EqualTo(key));

        var shortKey = new ConfigurationBuilder().AddInMemoryCollection([new("Security:Key", Convert.ToBase64String(new byte[8]))]).Build();
        var error = Assert.Throws<InvalidOperationException>(() => KeyRing.LoadOrCreate(shortKey, Path.GetTempPath()));
        Assert.That(error!.Message, Does.Contain("Security:Key"));
    }

    [Test]
    public void Malformed_tokens_are_null_not_an_exception()
    {
        var protector = new DataProtector(s_key, "session");
        var token = protector.Protect("user=42"u8);

        foreach (string hostile in new[] { "", "!", "%zz", "====", "A", "*" + token[1..], token[..^1] + "\u00e9", token[..10], token + token, new string('A', 100_000), "\0" + token })
        {
            Assert.That(protector.Unprotect(hostile), Is.Null, hostile);
        }
    }
}
