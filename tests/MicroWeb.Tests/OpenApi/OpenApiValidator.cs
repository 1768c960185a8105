using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace MicroWeb.Tests.OpenApi;

/// <summary>
/// Runs the independent validator, @apidevtools/swagger-parser (tests/MicroWeb.Tests/OpenApi/validator, installed by
/// <c>npm ci</c>, which .ci/run does), on a document. Tests using it are Ignored when node or the package is absent.
/// Also linked into MessageBoard.Tests.
/// </summary>
internal static class OpenApiValidator
{
    /// <summary>The validator's folder, or an Ignored test saying why it cannot run.</summary>
    public static string RequireInstalled()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "Micro.sln")))
        {
            directory = directory.Parent;
        }

        if (directory is null)
        {
            Assert.Ignore("the repository (Micro.sln) is not above the test's directory, so the validator cannot be found");
        }

        var folder = Path.Combine(directory!.FullName, "tests", "MicroWeb.Tests", "OpenApi", "validator");
        if (FindOnPath("node") is null)
        {
            Assert.Ignore("node is not installed; .ci/run installs nodejs and npm");
        }

        if (!Directory.Exists(Path.Combine(folder, "node_modules", "@apidevtools", "swagger-parser")))
        {
            Assert.Ignore($"@apidevtools/swagger-parser is not installed; run 'npm ci' in {folder} (.ci/run does)");
        }

        return folder;
    }

    /// <summary>Validates <paramref name="document"/>; fails the test with every error the validator reports.</summary>
    public static async Task AssertValidAsync(byte[] document, string name)
    {
        AssertEveryPathParameterIsDeclared(document);
        (var exitCode, var errors) = await RunAsync(document, name);
        Assert.That(exitCode, Is.Zero, $"swagger-parser rejected the {name} document:\n{errors}");
    }

    /// <summary>The validator's exit code (0: valid) and its error report.</summary>
    public static async Task<(int ExitCode, string Errors)> RunAsync(byte[] document, string name)
    {
        var folder = RequireInstalled();
        var file = Path.Combine(Path.GetTempPath(), $"openapi-{name}-{Guid.NewGuid():N}.json");
        await File.WriteAllBytesAsync(file, document);
        try
        {
            var start = new ProcessStartInfo("node", ["validate.mjs", file])
            {
                WorkingDirectory = folder,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            };
            using var process = Process.Start(start)!;
            using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(1));
            var output = process.StandardOutput.ReadToEndAsync(timeout.Token);
            var errors = process.StandardError.ReadToEndAsync(timeout.Token);
            try
            {
                await process.WaitForExitAsync(timeout.Token);
            }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
                throw;
            }

            TestContext.Out.WriteLine(await output);
            return (process.ExitCode, await errors);
        }
        finally
        {
            File.Delete(file);
        }
    }

    private static string? FindOnPath(string program) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator)
            .Select(dir => Path.Combine(dir, program))
            .FirstOrDefault(File.Exists);

    /// <summary>
    /// swagger-parser checks 3.1 documents against the schema only; OpenAPI also requires every <c>{name}</c> in a path to be a
    /// declared path parameter of each of its operations (§4.8.8.1), checked here.
    /// </summary>
    private static void AssertEveryPathParameterIsDeclared(byte[] document)
    {
        var paths = JsonNode.Parse(document)!["paths"]!.AsObject();
        foreach (var (path, item) in paths)
        {
            var names = System.Text.RegularExpressions.Regex.Matches(path, "{([^}]+)}").Select(m => m.Groups[1].Value).ToList();
            foreach (var (method, operation) in item!.AsObject())
            {
                var declared = (operation!["parameters"]?.AsArray() ?? [])
                    .Where(p => (string?)p!["in"] == "path").Select(p => (string)p!["name"]!).ToList();
                Assert.That(declared, Is.EquivalentTo(names), $"{method} {path}: path parameters ({JsonSerializer.Serialize(declared)})");
            }
        }
    }
}
