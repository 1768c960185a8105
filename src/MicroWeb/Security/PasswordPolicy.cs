using System.Collections.Frozen;

namespace MicroWeb;

/// <summary>
/// Which passwords an app accepts at registration or change, following NIST SP 800-63B §3.1.1.2: length is what
/// matters (at least 8, at most 128 characters, counted as Unicode code points, every character allowed), no
/// composition rules, and a password that is common, repetitive, sequential or the user's own name is refused.
/// </summary>
/// <example>
/// <code>
/// if (policy.Validate(form.Password, form.Username) is { } problem) ModelState.AddModelError("password", problem);
/// </code>
/// </example>
public sealed class PasswordPolicy
{
    // The most common passwords of at least 8 characters in public breach corpora; IsBlocked extends the list.
    private static readonly FrozenSet<string> s_common = new[]
    {
        "password", "password1", "password12", "password123", "passw0rd", "p@ssw0rd", "p@ssword", "iloveyou", "sunshine",
        "princess", "football", "baseball", "basketball", "superman", "starwars", "whatever", "trustno1", "welcome1",
        "welcome123", "letmein1", "qwertyui", "qwertyuiop", "qwerty123", "qwerty12", "1q2w3e4r", "1q2w3e4r5t", "zaq12wsx",
        "1qaz2wsx", "asdfghjk", "asdfghjkl", "zxcvbnm1", "michael1", "jennifer", "computer", "internet", "liverpool",
        "chocolate", "butterfly", "mustang1", "shadow12", "monkey12", "dragon12", "master12", "abc12345", "abcd1234",
        "a1b2c3d4", "aa123456", "11223344", "12341234", "12344321", "123123123", "123qweasd", "q1w2e3r4", "q1w2e3r4t5",
        "00000000", "11111111", "88888888", "66666666", "secret123", "changeme", "changeme1", "default1", "administrator",
    }.ToFrozenSet(StringComparer.OrdinalIgnoreCase);

    /// <summary>The fewest characters accepted (NIST: at least 8). Default 8.</summary>
    public int MinimumLength { get; init; } = 8;

    /// <summary>The most characters accepted (NIST: at least 64 must be allowed). Default 128.</summary>
    public int MaximumLength { get; init; } = 128;

    /// <summary>
    /// Refuses more passwords, for example ones found in a breach corpus or words of the app's own (its name): return
    /// true to refuse. Called only for passwords the built-in rules accept.
    /// </summary>
    public Func<string, bool>? IsBlocked { get; init; }

    /// <summary>Null when <paramref name="password"/> is acceptable for <paramref name="userName"/>; else the reason, to show the user.</summary>
    /// <exception cref="InvalidOperationException"><see cref="MinimumLength"/> is below 1 or above <see cref="MaximumLength"/>.</exception>
    public string? Validate(string? password, string? userName = null)
    {
        if (MinimumLength < 1 || MinimumLength > MaximumLength)
            throw new InvalidOperationException($"PasswordPolicy.MinimumLength ({MinimumLength}) must be at least 1 and at most MaximumLength ({MaximumLength}).");
        var length = CodePoints(password ?? "");
        if (length < MinimumLength) return $"Use at least {MinimumLength} characters.";
        if (length > MaximumLength) return $"Use at most {MaximumLength} characters.";
        if (userName is { Length: > 0 } && password!.Equals(userName.Trim(), StringComparison.OrdinalIgnoreCase))
            return "Choose a password that is not your user name.";
        if (s_common.Contains(password!) || IsRepetitiveOrSequential(password!) || IsBlocked?.Invoke(password!) == true)
            return "That password is too easy to guess; choose another.";
        return null;
    }

    private static int CodePoints(string text)
    {
        var count = 0;
        foreach (var _ in text.EnumerateRunes()) count++;
        return count;
    }

    /// <summary>One character repeated (<c>aaaaaaaa</c>), or a run where each character is the previous one plus or minus one (<c>12345678</c>, <c>hgfedcba</c>).</summary>
    private static bool IsRepetitiveOrSequential(string password)
    {
        var allSame = true;
        var ascending = true;
        var descending = true;
        for (var i = 1; i < password.Length; i++)
        {
            var step = char.ToLowerInvariant(password[i]) - char.ToLowerInvariant(password[i - 1]);
            allSame &= step == 0;
            ascending &= step == 1;
            descending &= step == -1;
        }

        return allSame || ascending || descending;
    }
}
