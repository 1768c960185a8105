using System.Globalization;
using System.Net;
using Microsoft.Extensions.Configuration;
using MicroWeb.Configuration;

namespace MicroWeb.Middleware.ForwardedHeaders;

/// <summary>Reads <see cref="ForwardedHeadersOptions"/> from the <c>ForwardedHeaders</c> section by hand, naming the key of a bad value.</summary>
internal static class ForwardedHeadersOptionsBinder
{
    public const string SectionName = "ForwardedHeaders";

    public static ForwardedHeadersOptions Bind(IConfiguration configuration)
    {
        var options = new ForwardedHeadersOptions();
        foreach (var entry in configuration.GetSection(SectionName).GetChildren())
        {
            switch (entry.Key.ToLowerInvariant())
            {
                case "headers":
                    var headers = SingleValue(entry);
                    if (!Enum.TryParse<ForwardedHeaderFields>(headers, ignoreCase: true, out var fields) || headers.Any(char.IsAsciiDigit))
                        throw ConfigurationValues.Invalid(entry.Path, headers, "XForwarded, Forwarded, or a comma-separated list of XForwardedFor, XForwardedProto, XForwardedHost, XForwardedPrefix, Forwarded");
                    options.Headers = fields;
                    break;
                case "forwardlimit":
                    options.ForwardLimit = (int)ConfigurationValues.ParseInteger(entry.Path, SingleValue(entry), 1, int.MaxValue);
                    break;
                case "knownproxies":
                    options.KnownProxies.Clear();
                    foreach (var (key, text) in Items(entry))
                    {
                        if (!IPAddress.TryParse(text, out var address) || text.Contains('%'))
                            throw ConfigurationValues.Invalid(key, text, "IP addresses such as 10.0.0.5 or 2001:db8::5, comma-separated");
                        options.KnownProxies.Add(address);
                    }
                    break;
                case "knownnetworks":
                    options.KnownNetworks.Clear();
                    foreach (var (key, text) in Items(entry))
                    {
                        if (!IPNetwork.TryParse(text, out var network))
                            throw ConfigurationValues.Invalid(key, text, "networks in CIDR notation such as 10.0.0.0/8 or fd00::/8, comma-separated");
                        options.KnownNetworks.Add(network);
                    }
                    break;
                default:
                    throw ConfigurationValues.Unknown(entry.Path, SectionName, "Headers, KnownProxies, KnownNetworks, ForwardLimit");
            }
        }
        return options;
    }

    /// <summary>Checks options however they were set (configuration or code).</summary>
    public static void Validate(ForwardedHeadersOptions options)
    {
        const ForwardedHeaderFields xForwardedOfHop = ForwardedHeaderFields.XForwardedFor | ForwardedHeaderFields.XForwardedProto | ForwardedHeaderFields.XForwardedHost;
        var headers = options.Headers;
        if (headers == ForwardedHeaderFields.None || (headers & ~(ForwardedHeaderFields.XForwarded | ForwardedHeaderFields.Forwarded)) != 0)
            throw ConfigurationValues.Invalid($"{SectionName}:Headers", headers.ToString(), "XForwarded, Forwarded, or a list of the header fields to read");
        if ((headers & ForwardedHeaderFields.Forwarded) != 0 && (headers & xForwardedOfHop) != 0)
            throw ConfigurationValues.Invalid($"{SectionName}:Headers", headers.ToString(),
                "Forwarded or X-Forwarded-For/Proto/Host, not both: a proxy passes the family it does not set through from the client");
        if (options.ForwardLimit < 1)
            throw ConfigurationValues.Invalid($"{SectionName}:ForwardLimit", options.ForwardLimit.ToString(CultureInfo.InvariantCulture), "a whole number from 1");
        if (options.KnownProxies.Any(address => address is null) || options.KnownNetworks.Any(network => network.BaseAddress is null))
            throw ConfigurationValues.Invalid($"{SectionName}:KnownProxies", "(null)", "addresses and networks, none null");
    }

    private static string SingleValue(IConfigurationSection entry) =>
        entry.Value ?? throw ConfigurationValues.Invalid(entry.Path, "(a section)", "a single value");

    /// <summary>A list key as one comma-separated value (environment variables, the command line) or as an array (JSON).</summary>
    private static IEnumerable<(string Key, string Value)> Items(IConfigurationSection entry)
    {
        if (entry.Value is { } list)
        {
            foreach (var item in list.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
                yield return (entry.Path, item);
            yield break;
        }
        foreach (var child in entry.GetChildren())
            yield return (child.Path, (child.Value ?? throw ConfigurationValues.Invalid(child.Path, "(a section)", "a single value")).Trim());
    }
}
