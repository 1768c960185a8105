using System.Reflection;
using MicroWeb.Configuration;
using MicroWeb.Templates;

namespace MicroWeb.Hosting;

/// <summary>
/// Turns an exception that ends the app before it serves (a bad configuration value, an address in use, ambiguous
/// routes, a template error) into one line on stderr, <c>Hello: Port 5000 is in use (…): stop the other process, or
/// pass --port N or set Server:Port.</c>, and exit code 1, instead of the runtime's stack trace and SIGABRT (134).
/// In Development, or with <c>--verbose</c>, the exception with its stack follows the line.
/// </summary>
/// <remarks>
/// <para>
/// It only acts where nothing else would: an <see cref="AppDomain.UnhandledException"/> handler, installed once by
/// <see cref="MicroWebApp.CreateBuilder"/>. The exceptions themselves are unchanged, so a <c>try/catch</c> in the
/// app or a test (and the in-memory test host) sees them as before. The runtime raises the event before it prints
/// anything, and <see cref="System.Environment.Exit"/> from the handler ends the process with that code and nothing
/// else written (checked on .NET 10, for a synchronous and an asynchronous <c>Main</c>).
/// </para>
/// <para>
/// What counts as a startup failure: an <see cref="InvalidOperationException"/> (configuration values and keys,
/// routes, controllers: what <c>Build</c>, <c>MapControllers</c> and <c>StartAsync</c> throw), <see cref="IOException"/>
/// (binding), <see cref="FormatException"/> (the command line), <see cref="ArgumentException"/> (a type that cannot be
/// a controller) or <see cref="TemplateException"/>, raised on the thread that first created a builder (the one that
/// runs <c>Main</c>) before any app has started serving. <see cref="ObjectDisposedException"/> and
/// <see cref="ArgumentNullException"/> are left out: they are bugs, and their stack is the useful part. Anything else,
/// and anything on another thread or after the app started (a test runner's worker, a background task), keeps the
/// runtime's own report.
/// </para>
/// </remarks>
internal static class StartupFailure
{
    /// <summary>The command-line switch that adds the stack trace to the line; taken out before the command line is read as configuration.</summary>
    public const string VerboseSwitch = "--verbose";

    private static int s_installed;
    private static int s_threadId;
    private static volatile bool s_verbose;
    private static volatile bool s_development;
    private static volatile bool s_started;
    private static volatile Func<string, string?>? s_sourceOf;

    /// <summary>Installs the handler, once per process; the calling thread is the one whose failures it reports.</summary>
    public static void Install()
    {
        if (Interlocked.Exchange(ref s_installed, 1) != 0) return;
        s_threadId = System.Environment.CurrentManagedThreadId;
        AppDomain.CurrentDomain.UnhandledException += OnUnhandledException;
    }

    /// <summary>What the latest builder knows: whether to add the stack, and how to name the source of a configuration key.</summary>
    public static void Configure(bool verbose, bool development, Func<string, string?> sourceOf)
    {
        s_verbose = verbose;
        s_development = development;
        s_sourceOf = sourceOf;
    }

    /// <summary>An app is serving: from now on an unhandled exception is not a startup failure.</summary>
    public static void MarkStarted() => s_started = true;

    /// <summary>Removes <see cref="VerboseSwitch"/> from <paramref name="args"/>; <paramref name="verbose"/> says whether it was there.</summary>
    public static string[] TakeVerboseSwitch(string[] args, out bool verbose)
    {
        verbose = args.Any(IsVerboseSwitch);
        return verbose ? [.. args.Where(a => !IsVerboseSwitch(a))] : args;
    }

    public static bool IsStartupFailure(Exception exception) => exception switch
    {
        ObjectDisposedException or ArgumentNullException => false,
        InvalidOperationException or IOException or FormatException or ArgumentException or TemplateException => true,
        _ => false,
    };

    /// <summary>The line: <c>app: message</c>, the message's line breaks turned into spaces so it stays one line.</summary>
    public static string Format(string appName, string message) => $"{appName}: {message.ReplaceLineEndings(" ")}";

    /// <summary>
    /// The message, with the configuration source named where <see cref="MicroWebAppBuilder.Build"/> could not: a value
    /// rejected by a binder the app calls itself (<c>UseHsts</c>, <c>UseForwardedHeaders</c>, <c>UseAuthentication</c>).
    /// </summary>
    private static string MessageOf(Exception exception) =>
        ConfigurationError.TryGetUnnamedKey(exception, out var key) && s_sourceOf?.Invoke(key) is { } source
            ? ConfigurationError.MessageWithSource(exception, source)
            : exception.Message;

    private static bool IsVerboseSwitch(string arg) => arg.Equals(VerboseSwitch, StringComparison.OrdinalIgnoreCase);

    private static void OnUnhandledException(object sender, UnhandledExceptionEventArgs e)
    {
        if (s_started || System.Environment.CurrentManagedThreadId != s_threadId) return;
        if (e.ExceptionObject is not Exception exception || !IsStartupFailure(exception)) return;
        var appName = Assembly.GetEntryAssembly()?.GetName().Name ?? "MicroWeb";
        Console.Error.WriteLine(Format(appName, MessageOf(exception)));
        if (s_verbose || s_development) Console.Error.WriteLine(exception);
        Console.Error.Flush();
        System.Environment.Exit(1);
    }
}
