using System.Diagnostics;
using System.Net;
using System.Text;

namespace Packaging.Tests;

/// <summary>
/// `dotnet watch` end to end: an action added to a running app's controller answers without a restart, because
/// MicroWeb's MetadataUpdateHandler rebuilds the route table after the edit is applied.
/// </summary>
/// <remarks>
/// The app references src/MicroWeb as a project rather than the packed package: what is under test is the
/// runtime calling the handler, which is the same either way, and packing would double the test's time.
/// </remarks>
[Category("Slow")]
public class HotReloadTests
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(150);

    [Test]
    public async Task An_action_added_under_dotnet_watch_answers_without_a_restart()
    {
        var root = Directory.CreateTempSubdirectory("microweb-hotreload-").FullName;
        var port = RunningApp.FreePort();
        var controller = Path.Combine(root, "Controllers", "HomeController.cs");
        try
        {
            Directory.CreateDirectory(Path.GetDirectoryName(controller)!);
            File.WriteAllText(Path.Combine(root, "Watched.csproj"), $"""
                <Project Sdk="Microsoft.NET.Sdk">
                  <PropertyGroup>
                    <OutputType>Exe</OutputType>
                    <TargetFramework>net10.0</TargetFramework>
                    <ImplicitUsings>enable</ImplicitUsings>
                    <Nullable>enable</Nullable>
                  </PropertyGroup>
                  <ItemGroup>
                    <ProjectReference Include="{Path.Combine(Repository.Root, "src", "MicroWeb", "MicroWeb.csproj")}" />
                  </ItemGroup>
                </Project>
                """);
            File.WriteAllText(Path.Combine(root, "Program.cs"), $"""
                using MicroWeb;

                var builder = MicroWebApp.CreateBuilder(["--urls", "http://127.0.0.1:{port}"]);
                var app = builder.Build();
                app.MapControllers();
                app.Run();
                """);
            File.WriteAllText(controller, Controller(""));

            using var watch = DotnetCli.Start("dotnet", ["watch", "run", "--non-interactive"], root);
            var output = new StringBuilder();
            watch.OutputDataReceived += (_, e) => { lock (output) output.AppendLine(e.Data); };
            watch.ErrorDataReceived += (_, e) => { lock (output) output.AppendLine(e.Data); };
            watch.BeginOutputReadLine();
            watch.BeginErrorReadLine();
            try
            {
                var home = new Uri($"http://127.0.0.1:{port}/");
                Assert.That(await PollAsync(home, watch, output), Is.EqualTo((HttpStatusCode.OK, "home")), "the app starts under dotnet watch");
                var added = new Uri($"http://127.0.0.1:{port}/added");
                using (var client = new HttpClient())
                    Assert.That((int)(await client.GetAsync(added)).StatusCode, Is.EqualTo(404), "not there before the edit");

                File.WriteAllText(controller, Controller("""
                        [HttpGet("/added")]
                        public string Added() => "added by hot reload";
                    """));

                Assert.That(await PollAsync(added, watch, output), Is.EqualTo((HttpStatusCode.OK, "added by hot reload")));
                lock (output) Assert.That(output.ToString(), Does.Not.Contain("Restarting"), "applied as a hot reload, not a restart");
            }
            finally
            {
                if (!watch.HasExited) watch.Kill(entireProcessTree: true);
                await watch.WaitForExitAsync();
            }
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    private static string Controller(string extra) => $$"""
        using MicroWeb;

        namespace Watched.Controllers;

        public sealed class HomeController : Controller
        {
            [HttpGet("/")]
            public string Index() => "home";
        {{extra}}
        }
        """;

    /// <summary>Polls <paramref name="url"/> until it answers 200 (no signal tells when a build or an update is done), failing at the deadline.</summary>
    private static async Task<(HttpStatusCode, string)> PollAsync(Uri url, Process watch, StringBuilder output)
    {
        using var client = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < Deadline)
        {
            if (watch.HasExited)
                Assert.Fail($"dotnet watch exited with code {watch.ExitCode}:\n{Snapshot(output)}");
            try
            {
                using var response = await client.GetAsync(url);
                if (response.StatusCode == HttpStatusCode.OK)
                    return (response.StatusCode, await response.Content.ReadAsStringAsync());
            }
            catch (HttpRequestException)
            {
                // Not listening yet: still building.
            }
            catch (TaskCanceledException)
            {
                // The machine is busy; ask again.
            }

            await Task.Delay(250);
        }

        Assert.Fail($"{url} did not answer 200 within {Deadline.TotalSeconds} s:\n{Snapshot(output)}");
        return default;
    }

    private static string Snapshot(StringBuilder output)
    {
        lock (output) return output.ToString();
    }
}
