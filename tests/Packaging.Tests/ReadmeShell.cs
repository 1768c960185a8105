using System.Text.RegularExpressions;

namespace Packaging.Tests;

/// <summary>
/// Runs the lines of a README ```bash block the way a reader types them: one line after another, <c>a &amp;&amp; b</c>
/// as a then b, <c>cd</c> moving the shell's folder, every other command through <c>bash -c</c> and required to exit 0.
/// The two commands that cannot run as written are handed to <see cref="Serve"/> and <see cref="RunTests"/>.
/// </summary>
internal sealed partial class ReadmeShell(string directory, IReadOnlyDictionary<string, string?> environment)
{
    /// <summary>The folder the next command runs in.</summary>
    public string Directory { get; set; } = directory;

    /// <summary>Every command run so far, in order, as written in the README.</summary>
    public List<string> Commands { get; } = [];

    /// <summary>Called for a <c>dotnet run …</c> command, which would serve until stopped.</summary>
    public required Func<string, string, Task> Serve { get; init; }

    /// <summary>Called for <c>dotnet test Micro.sln</c>, which would run the test that is running it.</summary>
    public required Action<string> RunTests { get; init; }

    public async Task RunAsync(string block)
    {
        foreach (var rawLine in block.Split('\n'))
        {
            var line = Comment().Replace(rawLine, "").Trim();
            if (line.Length == 0) continue;
            foreach (var command in line.Split("&&", StringSplitOptions.TrimEntries))
            {
                Commands.Add(command);
                if (command.StartsWith("cd ", StringComparison.Ordinal))
                {
                    Directory = Path.GetFullPath(Path.Combine(Directory, command[3..].Trim()));
                    Assert.That(System.IO.Directory.Exists(Directory), Is.True, $"`{line}`: no folder {Directory}");
                }
                else if (command == "dotnet test Micro.sln")
                {
                    RunTests(command);
                }
                else if (command.StartsWith("dotnet run", StringComparison.Ordinal))
                {
                    await Serve(command, Directory);
                }
                else
                {
                    await DotnetCli.RunAsync("bash", ["-c", command], Directory, environment);
                }
            }
        }
    }

    // A shell comment: "#" after whitespace, to the end of the line.
    [GeneratedRegex(@"(^|\s)#.*$")]
    private static partial Regex Comment();
}
