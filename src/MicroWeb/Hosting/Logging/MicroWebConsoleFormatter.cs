using System.Globalization;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Logging.Console;
using Microsoft.Extensions.Options;

namespace MicroWeb.Hosting.Logging;

/// <summary>
/// The console's default format, <c>microweb</c>: one line per entry (<c>12:00:01.234 info Category: message</c>;
/// the time as <see cref="ConsoleFormatterOptions.TimestampFormat"/>, default <c>HH:mm:ss.fff </c>, local unless UseUtcTimestamp),
/// and an exception below its entry, one indented line per line of <see cref="Exception.ToString"/>, so a stack
/// trace reads as one. The simple formatter cannot do both: with <c>SingleLine</c> it replaces the exception's
/// line breaks with spaces (the whole stack trace on the entry's line), without it every entry takes two lines.
/// </summary>
internal sealed class MicroWebConsoleFormatter : ConsoleFormatter, IDisposable
{
    public const string FormatterName = "microweb";

    public const string DefaultTimestampFormat = "HH:mm:ss.fff ";

    private const string ExceptionIndent = "    ";

    private readonly IDisposable? _reload;
    private ConsoleFormatterOptions _options;

    public MicroWebConsoleFormatter(IOptionsMonitor<ConsoleFormatterOptions> options) : base(FormatterName)
    {
        // The console binds formatter options to the unnamed instance (Logging:Console:FormatterOptions), as the built-in formatters read them.
        _options = options.CurrentValue;
        _reload = options.OnChange(changed => _options = changed);
    }

    public override void Write<TState>(in LogEntry<TState> logEntry, IExternalScopeProvider? scopeProvider, TextWriter textWriter)
    {
        var message = logEntry.Formatter(logEntry.State, logEntry.Exception);
        var exception = logEntry.Exception;
        if (message is null && exception is null) return;

        var options = _options;
        if (options.TimestampFormat is { } format)
        {
            var now = options.UseUtcTimestamp ? DateTimeOffset.UtcNow : DateTimeOffset.Now;
            textWriter.Write(now.ToString(format, CultureInfo.InvariantCulture));
        }
        textWriter.Write(LevelName(logEntry.LogLevel));
        textWriter.Write(' ');
        textWriter.Write(logEntry.Category);
        textWriter.Write(": ");
        // An entry is one line: line breaks inside the message would make its continuation look like another entry.
        WriteOneLine(textWriter, message);
        if (options.IncludeScopes && scopeProvider is not null)
        {
            scopeProvider.ForEachScope(static (scope, writer) =>
            {
                writer.Write(" => ");
                WriteOneLine(writer, Convert.ToString(scope, CultureInfo.InvariantCulture));
            }, textWriter);
        }
        textWriter.Write(Environment.NewLine);

        if (exception is null) return;
        foreach (var line in exception.ToString().AsSpan().EnumerateLines())
        {
            textWriter.Write(ExceptionIndent);
            textWriter.Write(line);
            textWriter.Write(Environment.NewLine);
        }
    }

    public void Dispose() => _reload?.Dispose();

    private static void WriteOneLine(TextWriter writer, string? text)
    {
        if (string.IsNullOrEmpty(text)) return;
        var first = true;
        foreach (var line in text.AsSpan().EnumerateLines())
        {
            if (!first) writer.Write(' ');
            writer.Write(line);
            first = false;
        }
    }

    // The four-letter names of the simple formatter, which people and log tooling already read.
    private static string LevelName(LogLevel level) => level switch
    {
        LogLevel.Trace => "trce",
        LogLevel.Debug => "dbug",
        LogLevel.Information => "info",
        LogLevel.Warning => "warn",
        LogLevel.Error => "fail",
        LogLevel.Critical => "crit",
        _ => "none",
    };
}
