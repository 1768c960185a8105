using Microsoft.Extensions.Configuration;
using MicroWeb.Configuration;
using MicroWeb.Templates;

namespace MicroWeb.Hosting;

/// <summary>Reads <see cref="TemplateOptions"/> from the <c>Templates</c> configuration section, validating each key.</summary>
internal static class TemplateOptionsBinder
{
    public const string SectionName = "Templates";

    /// <summary>Binds the section; templates reload on change by default only in Development.</summary>
    public static TemplateOptions Bind(IConfiguration configuration, MicroWebEnvironment environment)
    {
        var options = new TemplateOptions { ReloadOnChange = environment.IsDevelopment() };
        foreach (var entry in configuration.GetSection(SectionName).GetChildren())
        {
            var value = entry.Value ?? throw ConfigurationValues.Invalid(entry.Path, "(a section)", "a single value");
            switch (entry.Key.ToLowerInvariant())
            {
                case "root": options.Root = value.Length > 0 ? value : throw ConfigurationValues.Invalid(entry.Path, value, "a folder path"); break;
                case "reloadonchange": options.ReloadOnChange = ConfigurationValues.ParseBoolean(entry.Path, value); break;
                case "cachecapacity": options.CacheCapacity = (int)ConfigurationValues.ParseInteger(entry.Path, value, 1, 1_000_000); break;
                case "maxdepth": options.MaxDepth = (int)ConfigurationValues.ParseInteger(entry.Path, value, 1, 1000); break;
                default: throw ConfigurationValues.Unknown(entry.Path, SectionName, "Root, ReloadOnChange, CacheCapacity, MaxDepth");
            }
        }
        return options;
    }
}
