namespace MicroWeb.Tests.Security;

public class PasswordHasherTests
{
    [Test]
    public void Hash_verifies_the_right_password_only()
    {
        var hash = PasswordHasher.Hash("correct horse battery staple");
        Assert.That(PasswordHasher.Verify("correct horse battery staple", hash), Is.True);
        Assert.That(PasswordHasher.Verify("correct horse battery stapler", hash), Is.False);
        Assert.That(PasswordHasher.Verify("", hash), Is.False);
    }

    [Test]
    public void Hash_is_versioned_salted_and_uses_at_least_100000_iterations()
    {
        var first = PasswordHasher.Hash("same");
        var second = PasswordHasher.Hash("same");
        Assert.That(first, Is.Not.EqualTo(second), "a fresh random salt each time");
        var parts = first.Split('$');
        Assert.That(parts[0], Is.EqualTo("v1"));
        Assert.That(int.Parse(parts[1]), Is.GreaterThanOrEqualTo(100_000));
        Assert.That(Convert.FromBase64String(parts[2]), Has.Length.EqualTo(16));
        Assert.That(PasswordHasher.NeedsRehash(first), Is.False);
    }

    [TestCase("")]
    [TestCase("plain-text-password")]
    [TestCase("v2$210000$AAAAAAAAAAAAAAAAAAAAAA==$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=")]
    [TestCase("v1$10$AAAAAAAAAAAAAAAAAAAAAA==$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=")]
    [TestCase("v1$210000$not-base64$AAAA")]
    public void Malformed_stored_hash_verifies_false_instead_of_throwing(string stored)
    {
        Assert.That(PasswordHasher.Verify("anything", stored), Is.False);
        Assert.That(PasswordHasher.NeedsRehash(stored), Is.True);
    }
}
