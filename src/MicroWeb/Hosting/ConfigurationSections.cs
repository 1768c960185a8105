using Microsoft.Extensions.Configuration;
using MicroWeb.Configuration;
using MicroWeb.Middleware.ForwardedHeaders;
using MicroWeb.Middleware.Hsts;
using MicroWeb.Middleware.HttpsRedirection;

namespace MicroWeb.Hosting;

/// <summary>
/// The root sections and keys MicroWeb reads, and the check that fails startup on a root section that is a near miss
/// of one of them (<c>Sever</c>), which would otherwise be silently ignored. Other root sections are the app's own
/// (<c>MessageBoard</c>, <c>ConnectionStrings</c>) and pass.
/// </summary>
internal static class ConfigurationSections
{
    /// <summary>Every root name a MicroWeb binder or the builder reads.</summary>
    public static readonly string[] Known =
    [
        ServerOptionsBinder.SectionName,
        TemplateOptionsBinder.SectionName,
        "Security",
        "Authentication",
        HstsOptionsBinder.SectionName,
        HttpsRedirectionOptionsBinder.SectionName,
        ForwardedHeadersOptionsBinder.SectionName,
        "Logging",
        "Environment",
        "ContentRoot",
        "Development",
    ];

    /// <exception cref="InvalidOperationException">A root section is a near miss of a known one; the message suggests it.</exception>
    public static void RejectNearMisses(IConfiguration configuration)
    {
        foreach (var section in configuration.GetChildren())
        {
            if (Nearest(section.Key) is { } nearest) throw ConfigurationValues.UnknownSection(section.Key, nearest);
        }
    }

    /// <summary>
    /// The known name <paramref name="name"/> is a near miss of, or null when it is known or not near one. How near
    /// grows with the known name's length (two edits from eight letters, one from five, none below), so that an app's
    /// short section (<c>Hosts</c>, <c>Login</c>) is not taken for a typo of <c>Hsts</c> or <c>Logging</c>.
    /// </summary>
    public static string? Nearest(string name)
    {
        string? best = null;
        var bestDistance = int.MaxValue;
        foreach (var known in Known)
        {
            var distance = NearestName.Distance(name, known);
            if (distance == 0) return null;
            var allowed = known.Length >= 8 ? 2 : known.Length >= 5 ? 1 : 0;
            if (distance <= allowed && distance < bestDistance)
            {
                best = known;
                bestDistance = distance;
            }
        }
        return best;
    }
}
