using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Logging.Console;
using Microsoft.Extensions.Options;

namespace MicroWeb.Tests.Hosting;

/// <summary>
/// The console log as the builder sets it up: the formatter the app's console logger would use, taken from the app's
/// own services, writing entries as the console would.
/// </summary>
[NonParallelizable] // One test sets an environment variable, which every builder reads.
public class ConsoleLoggingTests
{
    private static Exception Thrown()
    {
        try
        {
            throw new InvalidOperationException("boom");
        }
        catch (InvalidOperationException e)
        {
            return e;
        }
    }

    private static string Write(ConsoleFormatter formatter, LogLevel level, string message, Exception? exception = null)
    {
        using var output = new StringWriter();
        formatter.Write(new LogEntry<string>(level, "Shop.Orders", new EventId(7), message, exception, (state, _) => state), null, output);
        return output.ToString();
    }

    /// <summary>The formatter the app's console logger is configured with.</summary>
    private static (string Name, ConsoleFormatter Formatter) ConsoleFormatterOf(MicroWebApp app)
    {
        var name = app.Services.GetRequiredService<IOptionsMonitor<ConsoleLoggerOptions>>().CurrentValue.FormatterName!;
        return (name, app.Services.GetServices<ConsoleFormatter>().Single(f => f.Name == name));
    }

    [Test]
    public void The_simple_formatter_with_SingleLine_puts_the_stack_trace_on_the_entrys_line()
    {
        // Why the app has its own formatter: this is what SingleLine = true did to an exception.
        using var services = new ServiceCollection().AddLogging(logging => logging.AddSimpleConsole(o => o.SingleLine = true)).BuildServiceProvider();
        var simple = services.GetServices<ConsoleFormatter>().Single(f => f.Name == ConsoleFormatterNames.Simple);
        var text = Write(simple, LogLevel.Error, "Order failed", Thrown());
        Assert.That(text.TrimEnd('\r', '\n').Split('\n'), Has.Length.EqualTo(1));
        Assert.That(text, Does.Contain("System.InvalidOperationException: boom").And.Contain(" at "));
    }

    [Test]
    public async Task By_default_entries_are_one_line_and_an_exception_follows_on_indented_lines()
    {
        await using var app = MicroWebApp.CreateBuilder([]).Build();
        var (name, formatter) = ConsoleFormatterOf(app);
        Assert.That(name, Is.EqualTo("microweb"));

        Assert.That(Write(formatter, LogLevel.Information, "Order 42 placed"),
            Does.Match(@"^\d\d:\d\d:\d\d\.\d{3} info Shop\.Orders: Order 42 placed" + Environment.NewLine + "$"));
        Assert.That(Write(formatter, LogLevel.Warning, "two\nlines"), Does.EndWith("warn Shop.Orders: two lines" + Environment.NewLine),
            "a line break in a message does not start what looks like another entry");

        var exception = Thrown();
        var lines = Write(formatter, LogLevel.Error, "Order failed", exception).Split(Environment.NewLine);
        Assert.That(lines[0], Does.Match(@"^\d\d:\d\d:\d\d\.\d{3} fail Shop\.Orders: Order failed$"));
        Assert.That(lines[1], Is.EqualTo("    System.InvalidOperationException: boom"));
        Assert.That(lines[2], Does.StartWith("       at ").And.Contain(nameof(Thrown)), "the stack, one frame per line, indented");
        Assert.That(lines, Has.Length.EqualTo(exception.ToString().Split(Environment.NewLine).Length + 2), "every line of the exception, then the final line break");
    }

    [Test]
    public async Task The_timestamp_follows_the_formatter_options_in_configuration()
    {
        await using var app = MicroWebApp.CreateBuilder(["--Logging:Console:FormatterOptions:TimestampFormat=[yyyy] "]).Build();
        var (_, formatter) = ConsoleFormatterOf(app);
        Assert.That(Write(formatter, LogLevel.Information, "x"), Does.Match(@"^\[\d{4}\] info Shop\.Orders: x"));
    }

    [Test]
    public async Task The_json_formatter_is_chosen_by_configuration_alone()
    {
        await using var app = MicroWebApp.CreateBuilder(["--Logging:Console:FormatterName=json"]).Build();
        AssertJson(app);
    }

    [Test]
    public async Task The_json_formatter_is_chosen_by_an_environment_variable()
    {
        const string variable = "MICROWEB_Logging__Console__FormatterName";
        var before = Environment.GetEnvironmentVariable(variable);
        Environment.SetEnvironmentVariable(variable, "json");
        try
        {
            await using var app = MicroWebApp.CreateBuilder([]).Build();
            AssertJson(app);
        }
        finally
        {
            Environment.SetEnvironmentVariable(variable, before);
        }
    }

    private static void AssertJson(MicroWebApp app)
    {
        var (name, formatter) = ConsoleFormatterOf(app);
        Assert.That(name, Is.EqualTo(ConsoleFormatterNames.Json));
        var text = Write(formatter, LogLevel.Error, "Order failed", Thrown());
        Assert.That(text.TrimEnd().Split('\n'), Has.Length.EqualTo(1), "one JSON object per line");
        using var entry = System.Text.Json.JsonDocument.Parse(text);
        Assert.That(entry.RootElement.GetProperty("LogLevel").GetString(), Is.EqualTo("Error"));
        Assert.That(entry.RootElement.GetProperty("Category").GetString(), Is.EqualTo("Shop.Orders"));
        Assert.That(entry.RootElement.GetProperty("Message").GetString(), Is.EqualTo("Order failed"));
        Assert.That(entry.RootElement.GetProperty("Exception").GetString(), Does.Contain("System.InvalidOperationException: boom").And.Contain(nameof(Thrown)));
    }
}
