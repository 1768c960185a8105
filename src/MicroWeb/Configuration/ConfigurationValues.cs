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
        ConfigurationError.Create(key, $"Invalid configuration value '{value}' for '{key}'", $": expected {expected}.");

    /// <summary>A value that parses but cannot be used (a file that is missing, unreadable or of the wrong kind): what is wrong and the fix.</summary>
    public static InvalidOperationException Unusable(string key, string value, string problem, string fix) =>
        ConfigurationError.Create(key, $"Invalid configuration value '{value}' for '{key}'", $": {problem}. {fix}");

    /// <summary>
    /// A key MicroWeb does not know inside one of its sections. A near miss of a known key (at most two edits)
    /// is suggested; otherwise the known keys are listed.
    /// </summary>
    /// <param name="key">The unknown key's full name (<c>Server:Prot</c>).</param>
    /// <param name="section">The section's full name (<c>Server</c>).</param>
    /// <param name="knownKeys">The known keys, comma-separated; each may be followed by an explanation (<c>Default (one certificate …)</c>).</param>
    public static InvalidOperationException Unknown(string key, string section, string knownKeys)
    {
        var head = $"Unknown configuration key '{key}'";
        var nearest = NearestName.Find(key[(key.LastIndexOf(':') + 1)..], KeyNames(knownKeys));
        return nearest is null
            ? ConfigurationError.Create(key, head, $". Known keys under '{section}': {knownKeys}.")
            : ConfigurationError.Create(key, head, $": did you mean '{section}:{nearest}'?");
    }

    /// <summary>A root section that is not MicroWeb's but a near miss of one of its sections (<c>Sever</c> for <c>Server</c>).</summary>
    public static InvalidOperationException UnknownSection(string section, string nearest) =>
        ConfigurationError.Create(section, $"Unknown configuration section '{section}'", $": did you mean '{nearest}'?");

    /// <summary>The names in a list such as <c>Urls, Host, Default (one certificate, …)</c>: each entry's leading word, outside parentheses.</summary>
    private static List<string> KeyNames(string knownKeys)
    {
        var names = new List<string>();
        var depth = 0;
        var start = 0;
        var expectingName = true;
        for (var i = 0; i <= knownKeys.Length; i++)
        {
            var c = i < knownKeys.Length ? knownKeys[i] : ',';
            if (expectingName)
            {
                if (char.IsAsciiLetterOrDigit(c)) continue;
                if (c == ' ' && i == start)
                {
                    start = i + 1;
                    continue;
                }
                if (i > start) names.Add(knownKeys[start..i]);
                expectingName = false;
            }
            if (c == '(') depth++;
            else if (c == ')') depth--;
            else if (c == ',' && depth == 0)
            {
                expectingName = true;
                start = i + 1;
            }
        }
        return names;
    }
}
