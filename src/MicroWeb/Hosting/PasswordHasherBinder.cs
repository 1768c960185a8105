using Microsoft.Extensions.Configuration;
using MicroWeb.Configuration;

namespace MicroWeb.Hosting;

/// <summary>The app's <see cref="PasswordHasher"/>, with <c>Security:PasswordIterations</c> when it is set.</summary>
internal static class PasswordHasherBinder
{
    public const string Key = "Security:PasswordIterations";

    /// <summary>Well above any sensible cost: a typo with an extra digit or two should fail, not make every login take seconds.</summary>
    private const int MaximumIterations = 10_000_000;

    public static PasswordHasher Bind(IConfiguration configuration) =>
        configuration[Key] is { Length: > 0 } value
            ? new PasswordHasher((int)ConfigurationValues.ParseInteger(Key, value, PasswordHasher.MinimumIterations, MaximumIterations))
            : new PasswordHasher();
}
