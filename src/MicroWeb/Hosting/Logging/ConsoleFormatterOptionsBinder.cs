using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging.Configuration;
using Microsoft.Extensions.Logging.Console;
using Microsoft.Extensions.Options;
using MicroWeb.Configuration;

namespace MicroWeb.Hosting.Logging;

/// <summary>
/// Binds <c>Logging:Console:FormatterOptions</c> to <see cref="ConsoleFormatterOptions"/> by hand: the three members,
/// without the reflection-based configuration binder that <c>AddConsoleFormatter&lt;TFormatter, TOptions&gt;()</c> uses
/// (not trim- or AOT-safe). The unnamed options instance, as the built-in formatters read theirs.
/// </summary>
internal sealed class ConsoleFormatterOptionsBinder(ILoggerProviderConfiguration<ConsoleLoggerProvider> provider) : IConfigureOptions<ConsoleFormatterOptions>
{
    public const string Section = "FormatterOptions";

    /// <summary>The section, for the change-token source that reloads the options with the file.</summary>
    public IConfiguration Configuration { get; } = provider.Configuration.GetSection(Section);

    public void Configure(ConsoleFormatterOptions options)
    {
        if (Configuration[nameof(ConsoleFormatterOptions.IncludeScopes)] is { Length: > 0 } scopes)
            options.IncludeScopes = ConfigurationValues.ParseBoolean(Key(nameof(ConsoleFormatterOptions.IncludeScopes)), scopes);
        if (Configuration[nameof(ConsoleFormatterOptions.TimestampFormat)] is { Length: > 0 } format)
            options.TimestampFormat = format;
        if (Configuration[nameof(ConsoleFormatterOptions.UseUtcTimestamp)] is { Length: > 0 } utc)
            options.UseUtcTimestamp = ConfigurationValues.ParseBoolean(Key(nameof(ConsoleFormatterOptions.UseUtcTimestamp)), utc);
    }

    private static string Key(string member) => $"Logging:Console:{Section}:{member}";
}
