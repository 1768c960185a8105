using System.Diagnostics;
using System.Text;

namespace Packaging.Tests;

/// <summary>Runs the dotnet CLI as a user would, isolated from the test host's own MSBuild environment.</summary>
internal static class DotnetCli
{
    public static Task<string> RunAsync(string workingDirectory, params string[] arguments) =>
        RunAsync("dotnet", arguments, workingDirectory, environment: null);

    /// <summary>Runs <paramref name="fileName"/> to its end and asserts exit code 0; <paramref name="environment"/> sets (or, with null, removes) variables.</summary>
    public static async Task<string> RunAsync(string fileName, IEnumerable<string> arguments, string workingDirectory,
        IReadOnlyDictionary<string, string?>? environment)
    {
        using var process = Start(fileName, arguments, workingDirectory, environment);
        var output = new StringBuilder();
        var stdout = PumpAsync(process.StandardOutput, output);
        var stderr = PumpAsync(process.StandardError, output);
        try
        {
            await process.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(8));
        }
        catch (TimeoutException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }
        await Task.WhenAll(stdout, stderr);
        string text = output.ToString();
        Assert.That(process.ExitCode, Is.Zero, $"{fileName} {string.Join(' ', arguments)} failed in {workingDirectory}:\n{text}");
        return text;
    }

    public static Process Start(string fileName, IEnumerable<string> arguments, string workingDirectory,
        IReadOnlyDictionary<string, string?>? environment = null)
    {
        var info = new ProcessStartInfo(fileName, arguments)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        // The test host runs inside `dotnet test`, whose MSBuild variables would leak into a nested build.
        foreach (string name in info.Environment.Keys.ToArray())
        {
            if (name.StartsWith("MSBuild", StringComparison.OrdinalIgnoreCase) || name.StartsWith("VSTEST", StringComparison.OrdinalIgnoreCase))
                info.Environment.Remove(name);
        }
        info.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        info.Environment["DOTNET_NOLOGO"] = "1";
        info.Environment["DOTNET_SKIP_FIRST_TIME_EXPERIENCE"] = "1";
        // No build servers left behind: they would outlive the test and hold its output pipes open.
        info.Environment["MSBUILDDISABLENODEREUSE"] = "1";
        info.Environment["UseSharedCompilation"] = "false";
        info.Environment["DOTNET_CLI_DO_NOT_USE_MSBUILD_SERVER"] = "1";
        foreach (var (name, value) in environment ?? new Dictionary<string, string?>())
        {
            if (value is null) info.Environment.Remove(name);
            else info.Environment[name] = value;
        }
        return Process.Start(info) ?? throw new InvalidOperationException($"could not start {fileName}");
    }

    private static async Task PumpAsync(StreamReader reader, StringBuilder output)
    {
        while (await reader.ReadLineAsync() is { } line)
        {
            lock (output) output.AppendLine(line);
        }
    }
}
