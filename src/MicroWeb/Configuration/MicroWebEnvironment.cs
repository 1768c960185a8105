namespace MicroWeb;

/// <summary>The environment the app runs in, read from the <c>Environment</c> configuration key (<c>MICROWEB_ENVIRONMENT</c>, <c>--environment</c>).</summary>
public sealed class MicroWebEnvironment
{
    /// <summary>The name of the Development environment.</summary>
    public const string Development = "Development";

    /// <summary>The name of the Production environment, the default.</summary>
    public const string Production = "Production";

    internal MicroWebEnvironment(string name, string contentRootPath)
    {
        EnvironmentName = name;
        ContentRootPath = contentRootPath;
    }

    /// <summary>The environment name, e.g. <c>Development</c> or <c>Production</c>.</summary>
    public string EnvironmentName { get; }

    /// <summary>The folder appsettings.json, templates and static files are found relative to.</summary>
    public string ContentRootPath { get; }

    /// <summary>True in the Development environment (detailed error pages, template reloading).</summary>
    public bool IsDevelopment() => string.Equals(EnvironmentName, Development, StringComparison.OrdinalIgnoreCase);

    /// <summary>True in the Production environment.</summary>
    public bool IsProduction() => string.Equals(EnvironmentName, Production, StringComparison.OrdinalIgnoreCase);

    /// <summary>True when the environment has the given name (case-insensitive).</summary>
    public bool IsEnvironment(string name) => string.Equals(EnvironmentName, name, StringComparison.OrdinalIgnoreCase);
}
