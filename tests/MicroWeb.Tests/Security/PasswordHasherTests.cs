using Microsoft.Extensions.DependencyInjection;

namespace MicroWeb.Tests.Security;

public class PasswordHasherTests
{
    // The minimum keeps these tests fast; the default is only checked, not used.
    private static readonly PasswordHasher s_hasher = new(100_000);

    [Test]
    public void Hash_verifies_the_right_password_only()
    {
        var hash = s_hasher.Hash("correct horse battery staple");
        Assert.That(s_hasher.Verify("correct horse battery staple", hash), Is.True);
        Assert.That(s_hasher.Verify("correct horse battery stapler", hash), Is.False);
        Assert.That(s_hasher.Verify("", hash), Is.False);
    }

    [Test]
    public void Hash_is_versioned_salted_and_records_its_iterations()
    {
        var first = s_hasher.Hash("same");
        var second = s_hasher.Hash("same");
        Assert.That(first, Is.Not.EqualTo(second), "a fresh random salt each time");
        var parts = first.Split('$');
        Assert.That(parts[0], Is.EqualTo("v1"));
        Assert.That(parts[1], Is.EqualTo("100000"));
        Assert.That(Convert.FromBase64String(parts[2]), Has.Length.EqualTo(16));
        Assert.That(s_hasher.NeedsRehash(first), Is.False);
    }

    [Test]
    public void The_default_cost_is_210000_iterations()
    {
        Assert.That(new PasswordHasher().Iterations, Is.EqualTo(210_000));
    }

    [Test]
    public void Fewer_than_100000_iterations_are_refused()
    {
        Assert.That(() => new PasswordHasher(99_999), Throws.TypeOf<ArgumentOutOfRangeException>());
    }

    [Test]
    public void Raising_the_cost_keeps_old_hashes_verifying_and_asks_for_a_rehash()
    {
        var old = s_hasher.Hash("correct horse");
        var raised = new PasswordHasher(120_000);

        Assert.That(raised.Verify("correct horse", old), Is.True, "verified with the iterations stored in the hash");
        Assert.That(raised.NeedsRehash(old), Is.True);
        Assert.That(raised.NeedsRehash(raised.Hash("correct horse")), Is.False);
        Assert.That(s_hasher.NeedsRehash(raised.Hash("correct horse")), Is.False, "lowering the cost never asks to weaken a hash");
    }

    [TestCase("")]
    [TestCase("plain-text-password")]
    [TestCase("v2$210000$AAAAAAAAAAAAAAAAAAAAAA==$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=")]
    [TestCase("v1$10$AAAAAAAAAAAAAAAAAAAAAA==$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=")]
    [TestCase("v1$210000$not-base64$AAAA")]
    public void Malformed_stored_hash_verifies_false_instead_of_throwing(string stored)
    {
        Assert.That(s_hasher.Verify("anything", stored), Is.False);
        Assert.That(s_hasher.NeedsRehash(stored), Is.True);
    }

    [Test]
    public async Task The_app_hasher_takes_its_cost_from_configuration()
    {
        await using var configured = MicroWebApp.CreateBuilder(["--Security:PasswordIterations", "150000"]).Build();
        await using var defaulted = MicroWebApp.CreateBuilder([]).Build();

        Assert.That(configured.Services.GetRequiredService<PasswordHasher>().Iterations, Is.EqualTo(150_000));
        Assert.That(defaulted.Services.GetRequiredService<PasswordHasher>().Iterations, Is.EqualTo(210_000));
    }

    [TestCase("abc")]
    [TestCase("99999")]
    [TestCase("20000000")]
    public void A_bad_configured_cost_fails_startup_naming_the_key(string value)
    {
        var builder = MicroWebApp.CreateBuilder(["--Security:PasswordIterations", value]);

        Assert.That(() => builder.Build(), Throws.InvalidOperationException.With.Message.Contains("Security:PasswordIterations"));
    }
}
