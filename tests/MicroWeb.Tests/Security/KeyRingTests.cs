using System.Security.Cryptography;
using Microsoft.Extensions.Configuration;
using MicroWeb.Security;

namespace MicroWeb.Tests.Security;

public class KeyRingTests
{
    private static IConfiguration Settings(params (string Key, string Value)[] settings) =>
        new ConfigurationBuilder().AddInMemoryCollection(settings.Select(s => new KeyValuePair<string, string?>(s.Key, s.Value))).Build();

    private static string Base64(byte[] key) => Convert.ToBase64String(key);

    [Test]
    public void Keys_are_read_in_array_order_numerically()
    {
        var keys = Enumerable.Range(0, 11).Select(_ => RandomNumberGenerator.GetBytes(32)).ToArray();
        // Listed out of order, and 10 sorts before 2 as text: the ring follows the indices.
        var ring = KeyRing.FromConfiguration(Settings([.. keys.Select((k, i) => ($"Security:Keys:{i}", Base64(k))).Reverse()]))!;

        Assert.That(ring.Keys.Select(k => k.Material), Is.EqualTo(keys));
        Assert.That(ring.Keys.Select(k => k.Id), Is.EqualTo(keys.Select(KeyRing.KeyId)));
    }

    [Test]
    public void Single_key_is_a_one_key_ring_and_none_is_null()
    {
        var key = RandomNumberGenerator.GetBytes(48);
        Assert.That(KeyRing.FromConfiguration(Settings(("Security:Key", Base64(key))))!.Keys.Single().Material, Is.EqualTo(key));
        Assert.That(KeyRing.FromConfiguration(Settings()), Is.Null);
        Assert.That(KeyRing.FromConfiguration(Settings(("Security:Key", ""))), Is.Null, "an empty value is no value, as before");
    }

    [TestCase("not base64!", "Security:Keys:1")]
    [TestCase("AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", null)]
    [TestCase("", "Security:Keys:1")]
    public void Bad_second_key_is_a_one_line_error_naming_it_and_hiding_the_value(string value, string? expected)
    {
        var good = Base64(RandomNumberGenerator.GetBytes(32));
        if (expected is null)
        {
            // Valid Base64 of 45 bytes passes; the same shortened to 24 bytes does not.
            Assert.That(KeyRing.FromConfiguration(Settings(("Security:Keys:0", good), ("Security:Keys:1", value)))!.Keys, Has.Count.EqualTo(2));
            value = Base64(new byte[24]);
            expected = "Security:Keys:1";
        }

        var error = Assert.Throws<InvalidOperationException>(() => KeyRing.FromConfiguration(Settings(("Security:Keys:0", good), ("Security:Keys:1", value))))!;
        Assert.That(error.Message, Does.Contain($"'{expected}'"));
        Assert.That(error.Message, Does.Not.Contain("Security:Keys:0").And.Not.Contain(good));
        if (value.Length > 0) Assert.That(error.Message, Does.Not.Contain(value));
        Assert.That(error.Message, Does.Not.Contain('\n'));
    }

    [Test]
    public void Duplicate_key_fails_naming_both_entries()
    {
        var key = Base64(RandomNumberGenerator.GetBytes(32));
        var error = Assert.Throws<InvalidOperationException>(() => KeyRing.FromConfiguration(Settings(
            ("Security:Keys:0", key), ("Security:Keys:1", Base64(RandomNumberGenerator.GetBytes(32))), ("Security:Keys:2", key))))!;

        Assert.That(error.Message, Does.Contain("'Security:Keys:2' repeats 'Security:Keys:0'"));
        Assert.That(error.Message, Does.Not.Contain(key));
    }

    [Test]
    public void Both_settings_or_a_named_entry_fail()
    {
        var key = Base64(RandomNumberGenerator.GetBytes(32));
        var both = Assert.Throws<InvalidOperationException>(() => KeyRing.FromConfiguration(Settings(("Security:Key", key), ("Security:Keys:0", Base64(RandomNumberGenerator.GetBytes(32))))))!;
        Assert.That(both.Message, Does.Contain("'Security:Key'").And.Contain("'Security:Keys'"));

        var named = Assert.Throws<InvalidOperationException>(() => KeyRing.FromConfiguration(Settings(("Security:Keys:primary", key))))!;
        Assert.That(named.Message, Does.Contain("'Security:Keys:primary'"));
    }

    [Test]
    public void Bad_key_fails_when_the_app_is_built()
    {
        var builder = MicroWebApp.CreateBuilder(["--Security:Keys:0", Base64(RandomNumberGenerator.GetBytes(32)), "--Security:Keys:1", "%%%"]);

        var error = Assert.Throws<InvalidOperationException>(() => builder.Build())!;
        Assert.That(error.Message, Does.Contain("'Security:Keys:1'"));
    }

    [Test]
    public void Key_file_is_created_once_with_owner_only_permissions_and_reused()
    {
        var root = Directory.CreateTempSubdirectory("microweb-keys-").FullName;
        try
        {
            var configuration = Settings();
            var first = KeyRing.FromKeyFile(configuration, root).Keys.Single().Material;
            var second = KeyRing.FromKeyFile(configuration, root).Keys.Single().Material;
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
    public void Configured_keys_mean_no_key_file_is_written()
    {
        var root = Directory.CreateTempSubdirectory("microweb-keys-").FullName;
        try
        {
            var protection = new CookieProtection(Settings(("Security:Keys:0", Base64(RandomNumberGenerator.GetBytes(32)))), root);
            Assert.That(protection.For("auth").Protect("x"u8), Is.Not.Empty);
            Assert.That(Directory.Exists(Path.Combine(root, ".microweb")), Is.False);
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }
}
