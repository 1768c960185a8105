using Microsoft.Extensions.Configuration;
using MicroWeb.Configuration;
using MicroWeb.Security;

namespace MicroWeb.Hosting;

/// <summary>Reads <c>Security:CookieSecurePolicy</c> (<c>SameAsRequest</c> or <c>Always</c>), naming the key of a bad value.</summary>
internal static class CookieSecurePolicyBinder
{
    public const string Key = "Security:CookieSecurePolicy";

    public static CookieSecurePolicy Bind(IConfiguration configuration)
    {
        var value = configuration[Key];
        if (string.IsNullOrEmpty(value) || value.Equals(nameof(CookieSecurePolicy.SameAsRequest), StringComparison.OrdinalIgnoreCase))
            return CookieSecurePolicy.SameAsRequest;
        if (value.Equals(nameof(CookieSecurePolicy.Always), StringComparison.OrdinalIgnoreCase)) return CookieSecurePolicy.Always;
        throw ConfigurationValues.Invalid(Key, value, "SameAsRequest or Always");
    }
}
