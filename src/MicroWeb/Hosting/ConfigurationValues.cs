using System.Globalization;

namespace MicroWeb;

/// <summary>Parses configuration strings, failing with the key's full name and what was expected.</summary>
internal static class ConfigurationValues
{
    public static long ParseInteger(string key, string value, long min, long max)
    {
        if (!long.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var parsed) || parsed < min || parsed > max)
            throw Invalid(key, value, $"a whole number from {min} to {max}");
        return parsed;
    }

    public static TimeSpan ParseTimeSpan(string key, string value)
    {
        if (TimeSpan.TryParse(value, CultureInfo.InvariantCulture, out var parsed) && parsed > TimeSpan.Zero) return parsed;
        throw Invalid(key, value, "a positive time span such as 00:00:30");
    }

    public static bool ParseBoolean(string key, string value) =>
        bool.TryParse(value, out var parsed) ? parsed : throw Invalid(key, value, "true or false");

    public static InvalidOperationException Invalid(string key, string value, string expected) =>
        new($"Invalid configuration value '{value}' for '{key}': expected {expected}.");

    public static InvalidOperationException Unknown(string key, string section, string knownKeys) =>
        new($"Unknown configuration key '{key}'. Known keys under '{section}': {knownKeys}.");
}
