using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Console;

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
        logging.AddConsoleFormatter<MicroWebConsoleFormatter, ConsoleFormatterOptions>();
        logging.Services.PostConfigure<ConsoleLoggerOptions>(options => options.FormatterName ??= MicroWebConsoleFormatter.FormatterName);
        logging.Services.PostConfigure<ConsoleFormatterOptions>(options => options.TimestampFormat ??= MicroWebConsoleFormatter.DefaultTimestampFormat);
    }
}
