using System.Globalization;

namespace MicroWeb.Configuration;

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

    /// <summary>A data rate in bytes per second; 0 (or an empty value) turns the check off, as <c>null</c> does in code.</summary>
    public static double? ParseDataRate(string key, string value)
    {
        if (value.Length == 0) return null;
        if (double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var parsed) && parsed >= 0 && double.IsFinite(parsed))
            return parsed == 0 ? null : parsed;
        throw Invalid(key, value, "bytes per second as a number, or 0 to turn the check off");
    }

    /// <summary>A positive time span, or an empty value for none.</summary>
    public static TimeSpan? ParseOptionalTimeSpan(string key, string value)
    {
        if (value.Length == 0) return null;
        if (TimeSpan.TryParse(value, CultureInfo.InvariantCulture, out var parsed) && parsed > TimeSpan.Zero) return parsed;
        throw Invalid(key, value, "a positive time span such as 00:00:30, or an empty value to turn it off");
    }

    public static bool ParseBoolean(string key, string value) =>
        bool.TryParse(value, out var parsed) ? parsed : throw Invalid(key, value, "true or false");

    public static InvalidOperationException Invalid(string key, string value, string expected) =>
        new($"Invalid configuration value '{value}' for '{key}': expected {expected}.");

    /// <summary>A value that parses but cannot be used (a file that is missing, unreadable or of the wrong kind): what is wrong and the fix.</summary>
    public static InvalidOperationException Unusable(string key, string value, string problem, string fix) =>
        new($"Invalid configuration value '{value}' for '{key}': {problem}. {fix}");

    public static InvalidOperationException Unknown(string key, string section, string knownKeys) =>
        new($"Unknown configuration key '{key}'. Known keys under '{section}': {knownKeys}.");
}
