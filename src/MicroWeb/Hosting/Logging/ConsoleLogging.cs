using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Configuration;
using Microsoft.Extensions.Logging.Console;
using Microsoft.Extensions.Options;

namespace MicroWeb.Hosting.Logging;

/// <summary>The console logger every app starts with.</summary>
internal static class ConsoleLogging
{
    /// <summary>
    /// Adds the console logger with <see cref="MicroWebConsoleFormatter"/> as its default format. The default is set
    /// after the <c>Logging:Console</c> configuration is bound, so <c>Logging:Console:FormatterName</c>
    /// (<c>json</c>, <c>simple</c>, <c>systemd</c>) alone chooses another; its options are
    /// <c>Logging:Console:FormatterOptions</c>.
    /// </summary>
    public static void Add(ILoggingBuilder logging)
    {
        logging.AddConsole();
        // What AddConsoleFormatter<MicroWebConsoleFormatter, ConsoleFormatterOptions>() registers, with a hand-written
        // binder in place of its reflection-based one (trim- and AOT-safe).
        logging.AddConfiguration();
        logging.Services.TryAddEnumerable(ServiceDescriptor.Singleton<ConsoleFormatter, MicroWebConsoleFormatter>());
        logging.Services.TryAddSingleton<ConsoleFormatterOptionsBinder>();
        logging.Services.AddSingleton<IConfigureOptions<ConsoleFormatterOptions>>(services => services.GetRequiredService<ConsoleFormatterOptionsBinder>());
        logging.Services.AddSingleton<IOptionsChangeTokenSource<ConsoleFormatterOptions>>(
            services => new ConfigurationChangeTokenSource<ConsoleFormatterOptions>(services.GetRequiredService<ConsoleFormatterOptionsBinder>().Configuration));
        logging.Services.PostConfigure<ConsoleLoggerOptions>(options => options.FormatterName ??= MicroWebConsoleFormatter.FormatterName);
        logging.Services.PostConfigure<ConsoleFormatterOptions>(options => options.TimestampFormat ??= MicroWebConsoleFormatter.DefaultTimestampFormat);
    }
}
