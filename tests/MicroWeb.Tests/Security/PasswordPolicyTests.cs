namespace MicroWeb.Tests.Security;

public class PasswordPolicyTests
{
    private static readonly PasswordPolicy s_policy = new();

    [TestCase("correct horse")]
    [TestCase("Tr0ub4dor&3")]
    [TestCase("zyxw vuts")]
    [TestCase("пароль-для-входа")]
    [TestCase("        x")]
    public void Long_enough_uncommon_passwords_pass(string password)
    {
        Assert.That(s_policy.Validate(password, "ada"), Is.Null);
    }

    [TestCase(null)]
    [TestCase("")]
    [TestCase("short")]
    [TestCase("1234567")]
    public void Passwords_under_8_characters_are_refused_saying_so(string? password)
    {
        Assert.That(s_policy.Validate(password), Is.EqualTo("Use at least 8 characters."));
    }

    [Test]
    public void Length_counts_code_points_not_utf16_units()
    {
        // Four emoji are 8 UTF-16 units but 4 characters.
        Assert.That(s_policy.Validate("😀😀😀😀"), Is.EqualTo("Use at least 8 characters."));
        Assert.That(s_policy.Validate("😀😁😂🤣😃😄😅😆"), Is.Null);
    }

    [Test]
    public void Passwords_over_128_characters_are_refused_saying_so()
    {
        Assert.That(s_policy.Validate(new string('x', 64) + new string('y', 65)), Is.EqualTo("Use at most 128 characters."));
        Assert.That(s_policy.Validate(new string('x', 64) + new string('y', 64)), Is.Null);
    }

    [TestCase("adalovelace", "adalovelace")]
    [TestCase("AdaLovelace", "adalovelace")]
    [TestCase("adalovelace", " AdaLovelace ")]
    public void The_user_name_is_refused(string password, string userName)
    {
        Assert.That(s_policy.Validate(password, userName), Is.EqualTo("Choose a password that is not your user name."));
    }

    [TestCase("12345678")]
    [TestCase("87654321")]
    [TestCase("abcdefgh")]
    [TestCase("aaaaaaaa")]
    [TestCase("password")]
    [TestCase("Password1")]
    [TestCase("qwertyuiop")]
    public void Common_repetitive_and_sequential_passwords_are_refused(string password)
    {
        Assert.That(s_policy.Validate(password), Is.EqualTo("That password is too easy to guess; choose another."));
    }

    [Test]
    public void The_blocklist_hook_refuses_more()
    {
        var policy = new PasswordPolicy { IsBlocked = password => password.Contains("microweb", StringComparison.OrdinalIgnoreCase) };

        Assert.That(policy.Validate("my microweb board"), Is.EqualTo("That password is too easy to guess; choose another."));
        Assert.That(policy.Validate("correct horse"), Is.Null);
    }

    [Test]
    public void Bounds_are_configurable_and_checked()
    {
        var policy = new PasswordPolicy { MinimumLength = 12, MaximumLength = 64 };

        Assert.That(policy.Validate("correct hors"), Is.Null);
        Assert.That(policy.Validate("correct hor"), Is.EqualTo("Use at least 12 characters."));
        Assert.That(() => new PasswordPolicy { MinimumLength = 0 }.Validate("x"), Throws.InvalidOperationException);
        Assert.That(() => new PasswordPolicy { MinimumLength = 10, MaximumLength = 9 }.Validate("x"), Throws.InvalidOperationException);
    }
}
