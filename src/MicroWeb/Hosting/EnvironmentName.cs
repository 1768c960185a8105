namespace MicroWeb.Hosting;

/// <summary>Which environment the app runs in, when neither <c>--environment</c> nor <c>MICROWEB_ENVIRONMENT</c> says.</summary>
internal static class EnvironmentName
{
    /// <summary>
    /// <paramref name="configured"/> (<c>--environment</c>, <c>MICROWEB_ENVIRONMENT</c>), else <c>DOTNET_ENVIRONMENT</c>,
    /// else <c>ASPNETCORE_ENVIRONMENT</c> — the variables launchSettings.json, IDEs and hosting platforms already set for
    /// .NET apps — else <c>Production</c>.
    /// </summary>
    public static string Resolve(string? configured, Func<string, string?> variable)
    {
        if (!string.IsNullOrEmpty(configured)) return configured;
        if (variable("DOTNET_ENVIRONMENT") is { Length: > 0 } dotnet) return dotnet;
        if (variable("ASPNETCORE_ENVIRONMENT") is { Length: > 0 } aspnet) return aspnet;
        return MicroWebEnvironment.Production;
    }
}
