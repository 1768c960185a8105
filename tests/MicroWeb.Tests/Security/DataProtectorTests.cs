using System.Buffers.Binary;
using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using MicroWeb.Security;

namespace MicroWeb.Tests.Security;

public class DataProtectorTests
{
    private static readonly byte[] s_key = RandomNumberGenerator.GetBytes(32);

    /// <summary>The key the legacy tokens below were made with: bytes 1 to 32.</summary>
    internal static readonly byte[] LegacyKey = [.. Enumerable.Range(1, 32).Select(i => (byte)i)];

    /// <summary>
    /// A version-1 token (no key id) made for purpose <c>flash</c> from "Message posted." by the DataProtector of commit
    /// 18bd695, before key rotation, with <see cref="LegacyKey"/>: what a browser may still hold after the upgrade.
    /// </summary>
    private const string LegacyFlashToken = "AWtKCPMmhGyX_IfMkCJkdTi8zdGOsxHAqScwWtLegF0o0EaCupukNprXcw6NskN3x4Pk-TsvdakFr0UasTy4BM8";

    private static DataProtector Protector(string purpose, params byte[][] keys) => new(new KeyRing(keys), purpose);

    [Test]
    public void Protected_payload_round_trips_and_is_not_readable()
    {
        var protector = Protector("session", s_key);
        var token = protector.Protect("user=42;name=ada"u8);
        Assert.That(token, Does.Not.Contain("ada"));
        Assert.That(token, Does.Match("^[A-Za-z0-9_-]+$"), "URL- and cookie-safe");
        Assert.That(Encoding.UTF8.GetString(protector.Unprotect(token)!), Is.EqualTo("user=42;name=ada"));
    }

    [Test]
    public void Token_names_the_key_that_made_it()
    {
        var other = RandomNumberGenerator.GetBytes(32);
        var token = Base64Url.DecodeFromChars(Protector("session", s_key, other).Protect("x"u8));

        Assert.That(token[0], Is.EqualTo(2), "format version");
        Assert.That(BinaryPrimitives.ReadUInt32BigEndian(token.AsSpan(1)), Is.EqualTo(KeyRing.KeyId(s_key)), "the first key protects");
        Assert.That(KeyRing.KeyId(s_key), Is.Not.EqualTo(KeyRing.KeyId(other)));
    }

    [Test]
    public void Token_made_under_A_reads_after_rotating_to_B_A_and_new_tokens_use_B()
    {
        var a = RandomNumberGenerator.GetBytes(32);
        var b = RandomNumberGenerator.GetBytes(32);
        var old = Protector("session", a).Protect("before"u8);

        var rotated = Protector("session", b, a);
        Assert.That(Encoding.UTF8.GetString(rotated.Unprotect(old)!), Is.EqualTo("before"));

        var fresh = rotated.Protect("after"u8);
        Assert.That(Protector("session", a).Unprotect(fresh), Is.Null, "made with B, which a ring of only A lacks");
        Assert.That(Encoding.UTF8.GetString(Protector("session", b).Unprotect(fresh)!), Is.EqualTo("after"), "once A is dropped");
        Assert.That(Protector("session", b).Unprotect(old), Is.Null, "A dropped: its tokens are no longer read");
    }

    [Test]
    public void Legacy_token_without_key_id_still_reads_wherever_its_key_is_in_the_ring()
    {
        Assert.That(Encoding.UTF8.GetString(Protector("flash", LegacyKey).Unprotect(LegacyFlashToken)!), Is.EqualTo("Message posted."));
        Assert.That(Encoding.UTF8.GetString(Protector("flash", s_key, LegacyKey).Unprotect(LegacyFlashToken)!), Is.EqualTo("Message posted."));
        Assert.That(Protector("flash", s_key).Unprotect(LegacyFlashToken), Is.Null, "its key is not in the ring");
        Assert.That(Protector("auth", LegacyKey).Unprotect(LegacyFlashToken), Is.Null, "another purpose");
    }

    [Test]
    public void Any_flipped_bit_makes_the_token_invalid_in_either_format()
    {
        var current = Base64Url.DecodeFromChars(Protector("flash", s_key, LegacyKey).Protect("payload"u8));
        var legacy = Base64Url.DecodeFromChars(LegacyFlashToken);
        var protector = Protector("flash", s_key, LegacyKey);
        foreach (var (name, token) in new[] { ("current", current), ("legacy", legacy) })
        {
            for (var i = 0; i < token.Length; i++)
            {
                var tampered = (byte[])token.Clone();
                tampered[i] ^= 0x01;
                Assert.That(protector.Unprotect(Base64Url.EncodeToString(tampered)), Is.Null, $"{name}, byte {i}");
            }
        }
    }

    [Test]
    public void Token_relabelled_with_another_key_id_of_the_ring_is_invalid()
    {
        var other = RandomNumberGenerator.GetBytes(32);
        var token = Base64Url.DecodeFromChars(Protector("session", s_key, other).Protect("x"u8));
        BinaryPrimitives.WriteUInt32BigEndian(token.AsSpan(1), KeyRing.KeyId(other));

        Assert.That(Protector("session", s_key, other).Unprotect(Base64Url.EncodeToString(token)), Is.Null);
    }

    [TestCase("")]
    [TestCase("not base64!")]
    [TestCase("AAAA")]
    public void Garbage_token_is_rejected(string token) =>
        Assert.That(Protector("session", s_key).Unprotect(token), Is.Null);

    [Test]
    public void Tokens_do_not_cross_purposes_or_keys()
    {
        var token = Protector("session", s_key).Protect("x"u8);
        Assert.That(Protector("antiforgery", s_key).Unprotect(token), Is.Null);
        Assert.That(Protector("session", RandomNumberGenerator.GetBytes(32)).Unprotect(token), Is.Null);
    }

    [Test]
    public void Malformed_tokens_are_null_not_an_exception()
    {
        var protector = Protector("session", s_key, LegacyKey);
        var token = protector.Protect("user=42"u8);

        foreach (string hostile in new[] { "", "!", "%zz", "====", "A", "Ag", "AQ", "*" + token[1..], token[..^1] + "\u00e9", token[..10], token + token, new string('A', 100_000), "\0" + token })
        {
            Assert.That(protector.Unprotect(hostile), Is.Null, hostile);
        }
    }
}
