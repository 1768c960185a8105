using Microsoft.Extensions.Configuration;
using MicroWeb.Configuration;

namespace MicroWeb.Middleware.Hsts;

/// <summary>Reads <see cref="HstsOptions"/> from the <c>Hsts</c> section by hand, naming the key of a bad value.</summary>
internal static class HstsOptionsBinder
{
    public const string SectionName = "Hsts";

    public static HstsOptions Bind(IConfiguration configuration)
    {
        var options = new HstsOptions();
        foreach (var entry in configuration.GetSection(SectionName).GetChildren())
        {
            if (entry.Key.Equals("ExcludedHosts", StringComparison.OrdinalIgnoreCase))
            {
                options.ExcludedHosts.Clear();
                var hosts = entry.Value is { } list
                    ? list.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
                    : entry.GetChildren().Select(child => child.Value?.Trim() ?? "").Where(host => host.Length > 0);
                foreach (var host in hosts) options.ExcludedHosts.Add(host);
                continue;
            }
            var value = entry.Value ?? throw ConfigurationValues.Invalid(entry.Path, "(a section)", "a single value");
            switch (entry.Key.ToLowerInvariant())
            {
                case "maxage": options.MaxAge = ConfigurationValues.ParseTimeSpan(entry.Path, value); break;
                case "includesubdomains": options.IncludeSubDomains = ConfigurationValues.ParseBoolean(entry.Path, value); break;
                case "preload": options.Preload = ConfigurationValues.ParseBoolean(entry.Path, value); break;
                default: throw ConfigurationValues.Unknown(entry.Path, SectionName, "MaxAge, IncludeSubDomains, Preload, ExcludedHosts");
            }
        }
        return options;
    }

    /// <summary>Checks options however they were set (configuration or code).</summary>
    public static void Validate(HstsOptions options)
    {
        // max-age = delta-seconds (RFC 6797 §6.1.1); 0 is meaningful: it tells browsers to forget the host (§6.1.1, §11.4).
        if (options.MaxAge < TimeSpan.Zero)
            throw ConfigurationValues.Invalid($"{SectionName}:MaxAge", options.MaxAge.ToString(), "a time span of zero or more, such as 365.00:00:00");
        if (options.ExcludedHosts.Any(string.IsNullOrWhiteSpace))
            throw ConfigurationValues.Invalid($"{SectionName}:ExcludedHosts", "(empty)", "host names without port");
    }
}
