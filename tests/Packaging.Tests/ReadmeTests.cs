using System.Diagnostics;
using System.Net;

namespace Packaging.Tests;

/// <summary>
/// Runs the README's "Quick start", "Install" and "A first app in 30 seconds" as written, so a README edit that
/// breaks them fails CI. What runs differently from the README, and why; everything else runs literally:
/// <list type="bullet">
/// <item>every command: HOME (and DOTNET_CLI_HOME) is a temporary folder and NUGET_PACKAGES is unset, so the NuGet
/// source ./pack.sh registers, the NuGet cache and dotnet new's templates land there, never in this machine's
/// configuration;</item>
/// <item>the repository's blocks run in a temporary copy of it (the files git tracks or would track), so packing and
/// building leave this working tree alone; "A first app in 30 seconds" runs in an empty folder outside the copy;</item>
/// <item><c>dotnet run …</c>, and the <c>dotnet run</c> the prose names: with MICROWEB_Server__Port=0, a free port;
/// the test waits for "Now listening on", GETs the page, then stops the process tree;</item>
/// <item><c>dotnet test Micro.sln</c>: this test is part of that run, so it checks that .ci/run runs exactly that line.</item>
/// </list>
/// </summary>
[Category("Slow")]
public class ReadmeTests
{
    private string _root = "";
    private string _copy = "";
    private string _home = "";
    private Dictionary<string, string?> _environment = [];
    private string _readme = "";

    [OneTimeSetUp]
    public async Task CopyTheRepository()
    {
        _root = Directory.CreateTempSubdirectory("microweb-readme-").FullName;
        _copy = Directory.CreateDirectory(Path.Combine(_root, "microweb")).FullName;
        _home = Directory.CreateDirectory(Path.Combine(_root, "home")).FullName;
        _environment = new Dictionary<string, string?>
        {
            ["HOME"] = _home,
            ["DOTNET_CLI_HOME"] = _home,
            ["NUGET_PACKAGES"] = null,
        };
        _readme = File.ReadAllText(Path.Combine(Repository.Root, "README.md"));

        // The temporary HOME starts with an empty NuGet cache, as a new user's does: every dependency comes from nuget.org.
        try
        {
            using var probe = new HttpClient { Timeout = TimeSpan.FromSeconds(15) };
            using var index = await probe.GetAsync("https://api.nuget.org/v3/index.json");
            index.EnsureSuccessStatusCode();
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
            Assert.Ignore($"nuget.org is not reachable ({e.Message}); the README's steps restore from it");
        }

        string files;
        try
        {
            files = await DotnetCli.RunAsync("git", ["-C", Repository.Root, "ls-files", "--cached", "--others", "--exclude-standard"],
                Repository.Root, environment: null);
        }
        catch (System.ComponentModel.Win32Exception)
        {
            Assert.Ignore("git is not installed; the README runs in a copy of the files git lists");
            return;
        }
        foreach (var file in files.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var source = Path.Combine(Repository.Root, file);
            if (!File.Exists(source)) continue; // deleted in the working tree, not yet in the index
            var target = Path.Combine(_copy, file);
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(source, target); // keeps the mode, so ./pack.sh stays executable
        }
    }

    [OneTimeTearDown]
    public void CleanUp()
    {
        if (_root.Length > 0 && Directory.Exists(_root)) Directory.Delete(_root, recursive: true);
    }

    [Test]
    public async Task Quick_start_runs_the_sample_and_names_the_command_CI_runs()
    {
        var ranTests = false;
        var shell = new ReadmeShell(_copy, _environment)
        {
            Serve = (command, directory) => ServeAsync(command, directory, async (client, url) =>
            {
                using var page = await client.GetAsync(url);
                Assert.That(page.StatusCode, Is.EqualTo(HttpStatusCode.OK), command);
                Assert.That(await page.Content.ReadAsStringAsync(), Does.Contain("MessageBoard"));
            }),
            RunTests = command =>
            {
                var ci = File.ReadAllLines(Path.Combine(Repository.Root, ".ci", "run"));
                Assert.That(ci, Does.Contain(command), ".ci/run runs the README's test command as written");
                ranTests = true;
            },
        };

        foreach (var block in MarkdownSection.CodeBlocks(_readme, "## Quick start", "bash"))
            await shell.RunAsync(block);

        Assert.That(shell.Commands, Does.Contain("dotnet run --project samples/MessageBoard"));
        Assert.That(ranTests, Is.True, "the Quick start names `dotnet test Micro.sln`");
    }

    [Test]
    public async Task Install_and_a_first_app_in_30_seconds_work_from_a_clone_without_touching_the_machine_configuration()
    {
        var userConfig = Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "NuGet", "NuGet.Config");
        var userConfigBefore = File.Exists(userConfig) ? File.ReadAllText(userConfig) : null;
        var repositoryConfigBefore = File.ReadAllText(Path.Combine(_copy, "nuget.config"));
        var served = new List<string>();

        var install = new ReadmeShell(_copy, _environment)
        {
            Serve = (command, directory) => ServeAsync(command, directory, async (client, url) =>
            {
                using var page = await client.GetAsync(url);
                Assert.That(page.StatusCode, Is.EqualTo(HttpStatusCode.OK), command);
                Assert.That(await page.Content.ReadAsStringAsync(), Does.Contain("<h1>Shop</h1>"));
                using var css = await client.GetAsync(new Uri(url, "/static/site.css"));
                Assert.That(css.StatusCode, Is.EqualTo(HttpStatusCode.OK));
                served.Add(directory);
            }),
            RunTests = command => Assert.Fail($"the Install section runs `{command}`"),
        };
        foreach (var block in MarkdownSection.CodeBlocks(_readme, "## Install", "bash"))
            await install.RunAsync(block);

        Assert.That(install.Commands, Does.Contain("./pack.sh").And.Contain("dotnet new install MicroWeb.Templates"));
        Assert.That(served, Is.EqualTo(new[] { Path.Combine(_copy, "Shop") }), "the app created inside the repository copy was served");
        var registered = File.ReadAllText(Path.Combine(_home, ".nuget", "NuGet", "NuGet.Config"));
        Assert.That(registered, Does.Contain($"key=\"microweb-local\" value=\"{Path.Combine(_copy, "artifacts", "packages")}\""),
            "pack.sh registers the feed in the (temporary) user-level NuGet.Config");
        Assert.That(File.ReadAllText(Path.Combine(_copy, "nuget.config")), Is.EqualTo(repositoryConfigBefore), "pack.sh leaves the repository's nuget.config alone");

        // "A first app in 30 seconds": in an empty folder outside the repository, with the source pack.sh registered.
        var elsewhere = Directory.CreateDirectory(Path.Combine(_root, "elsewhere")).FullName;
        var firstApp = new ReadmeShell(elsewhere, _environment)
        {
            Serve = (command, directory) => ServeAsync(command, directory, async (client, url) =>
            {
                Assert.That(await client.GetStringAsync(url), Is.EqualTo("Hello, World!"));
                served.Add(directory);
            }),
            RunTests = command => Assert.Fail($"the first app runs `{command}`"),
        };
        var section = "### A first app in 30 seconds";
        var blocks = MarkdownSection.CodeBlocks(_readme, section, "bash");
        var program = MarkdownSection.CodeBlocks(_readme, section, "csharp");
        Assert.That(blocks, Has.Count.EqualTo(1));
        Assert.That(program, Has.Count.EqualTo(1));
        await firstApp.RunAsync(blocks[0]);
        File.WriteAllText(Path.Combine(firstApp.Directory, "Program.cs"), program[0]);
        Assert.That(_readme, Does.Contain("`dotnet run`, then open http://localhost:5000."), "the prose this step runs");
        await firstApp.RunAsync("dotnet run");

        Assert.That(served, Has.Count.EqualTo(2));
        Assert.That(served[1], Is.EqualTo(Path.Combine(elsewhere, "Hello")));
        Assert.That(File.Exists(userConfig) ? File.ReadAllText(userConfig) : null, Is.EqualTo(userConfigBefore),
            "this machine's NuGet.Config is untouched");
    }

    private async Task ServeAsync(string command, string directory, Func<HttpClient, Uri, Task> check)
    {
        var environment = new Dictionary<string, string?>(_environment) { ["MICROWEB_Server__Port"] = "0" };
        var started = Stopwatch.StartNew();
        var (app, url) = await RunningApp.StartUntilListeningAsync("bash", ["-c", "exec " + command], directory, environment);
        await using (app)
        {
            TestContext.Progress.WriteLine($"`{command}` in {directory}: listening on {url} after {started.Elapsed.TotalSeconds:F1} s");
            using var client = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
            await check(client, url);
        }
    }
}
