using System.Globalization;
using Microsoft.Extensions.Configuration;
using MicroWeb.Configuration;

namespace MicroWeb.Middleware.HttpsRedirection;

/// <summary>Reads <see cref="HttpsRedirectionOptions"/> from the <c>HttpsRedirection</c> section by hand, naming the key of a bad value.</summary>
internal static class HttpsRedirectionOptionsBinder
{
    public const string SectionName = "HttpsRedirection";

    public static HttpsRedirectionOptions Bind(IConfiguration configuration)
    {
        var options = new HttpsRedirectionOptions();
        foreach (var entry in configuration.GetSection(SectionName).GetChildren())
        {
            var value = entry.Value ?? throw ConfigurationValues.Invalid(entry.Path, "(a section)", "a single value");
            switch (entry.Key.ToLowerInvariant())
            {
                case "httpsport":
                    options.HttpsPort = value.Length == 0 ? null : (int)ConfigurationValues.ParseInteger(entry.Path, value, 1, 65535);
                    break;
                case "redirectstatuscode":
                    options.RedirectStatusCode = (int)ConfigurationValues.ParseInteger(entry.Path, value, 307, 308);
                    break;
                default:
                    throw ConfigurationValues.Unknown(entry.Path, SectionName, "HttpsPort, RedirectStatusCode");
            }
        }
        return options;
    }

    /// <summary>Checks options however they were set (configuration or code).</summary>
    public static void Validate(HttpsRedirectionOptions options)
    {
        if (options.RedirectStatusCode is not (307 or 308))
            throw ConfigurationValues.Invalid($"{SectionName}:RedirectStatusCode", options.RedirectStatusCode.ToString(CultureInfo.InvariantCulture), "307 or 308");
        if (options.HttpsPort is { } port && port is < 1 or > 65535)
            throw ConfigurationValues.Invalid($"{SectionName}:HttpsPort", port.ToString(CultureInfo.InvariantCulture), "a port from 1 to 65535");
    }
}
