using System.Diagnostics;
using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Packaging.Tests;

/// <summary>
/// Publishes samples/Hello and the <c>dotnet new microweb</c> app with Native AOT (docs/aot.md) and runs the native
/// executables: zero trim/AOT warnings, the first 200 and its memory, recorded in the test output. The second publish
/// restores the same ILCompiler packages as the first, from the NuGet cache.
/// </summary>
[NonParallelizable]
public sealed partial class NativeAotTests
{
    private string _work = null!;

    [SetUp]
    public void CreateWorkDirectory() =>
        _work = Directory.CreateTempSubdirectory("microweb-aot-").FullName;

    [TearDown]
    public void DeleteWorkDirectory() => Directory.Delete(_work, recursive: true);

    [Test]
    public async Task NativeAot_Hello_publishes_without_warnings_and_the_executable_serves_source_generated_JSON()
    {
        IgnoreWithoutNativeAotToolchain();

        var output = Path.Combine(_work, "out");
        var publishing = Stopwatch.StartNew();
        // Its own artifacts path: the publish's obj/bin (restore for linux-x64) stay out of the repository's.
        var log = await DotnetCli.RunAsync(Repository.Root,
            "publish", "samples/Hello/Hello.csproj", "-c", "Release", "-r", "linux-x64", "-p:PublishAot=true",
            "--artifacts-path", Path.Combine(_work, "artifacts"), "-o", output);
        publishing.Stop();

        var warnings = TrimWarning().Matches(log).Select(m => m.Value).Distinct().ToArray();
        Assert.That(warnings, Is.Empty, "trim/AOT warnings in the publish output:\n" + log);
        var executable = Path.Combine(output, "Hello");
        Assert.That(File.Exists(executable), Is.True, "the native executable");
        Assert.That(File.Exists(Path.Combine(output, "Hello.dll")), Is.False, "no IL app: Native AOT");

        var port = RunningApp.FreePort();
        var url = new Uri($"http://127.0.0.1:{port}/greeting");
        using var client = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        var started = Stopwatch.StartNew();
        using var process = DotnetCli.Start(executable, [$"--Server:Urls=http://127.0.0.1:{port}"], output);
        try
        {
            var (body, firstOk) = await FirstOkAsync(client, url, process, started);
            var peak = PeakResidentKiB(process.Id);

            using (var json = JsonDocument.Parse(body))
            {
                Assert.That(json.RootElement.GetProperty("message").GetString(), Is.EqualTo("Hello from MicroWeb!"));
                Assert.That(json.RootElement.GetProperty("processId").GetInt32(), Is.EqualTo(process.Id), "served by the native process itself");
            }
            var text = await client.GetStringAsync(new Uri(url, "/anything"));
            Assert.That(text, Is.EqualTo("Hello from MicroWeb! You asked for /anything\n"));

            TestContext.Out.WriteLine(
                $"Native AOT Hello: publish {publishing.Elapsed.TotalSeconds:F0} s, executable {new FileInfo(executable).Length / 1024.0 / 1024.0:F1} MiB, " +
                $"start to first 200 {firstOk.TotalMilliseconds:F0} ms, VmHWM at first 200 {peak / 1024.0:F1} MiB");

            await StopGracefullyAsync(process);
        }
        finally
        {
            if (!process.HasExited) process.Kill(entireProcessTree: true);
        }
    }

    [Test]
    public async Task NativeAot_template_app_publishes_without_warnings_and_serves_its_page_error_page_and_stylesheet()
    {
        IgnoreWithoutNativeAotToolchain();

        // A version no earlier run used, so NuGet's global cache cannot hand back a stale MicroWeb (removed at the end).
        var version = $"{Repository.Version}-aottest.{DateTime.UtcNow:yyyyMMddHHmmss}";
        var feed = Path.Combine(_work, "feed");
        var hive = Path.Combine(_work, "hive");
        var artifacts = Path.Combine(_work, "artifacts");
        try
        {
            await DotnetCli.RunAsync(Repository.Root, "pack", "src/MicroWeb", "-c", "Release", "-o", feed, "--artifacts-path", artifacts, $"-p:Version={version}");
            await DotnetCli.RunAsync(Repository.Root, "pack", "templates/MicroWeb.Templates", "-c", "Release", "-o", feed, "--artifacts-path", artifacts);
            // Only the temporary feed: MicroWeb comes from it; the ILCompiler and framework packages from the NuGet cache,
            // where the Hello publish (or an earlier run) put them.
            File.WriteAllText(Path.Combine(_work, "nuget.config"), $"""
                <?xml version="1.0" encoding="utf-8"?>
                <configuration>
                  <packageSources>
                    <clear />
                    <add key="microweb-test-feed" value="{feed}" />
                  </packageSources>
                </configuration>
                """);
            await DotnetCli.RunAsync(_work, "new", "install", Path.Combine(feed, $"MicroWeb.Templates.{Repository.Version}.nupkg"), "--debug:custom-hive", hive);
            var project = Path.Combine(_work, "AotApp");
            await DotnetCli.RunAsync(_work, "new", "microweb", "-n", "AotApp", "-o", project, "--MicroWebVersion", version, "--debug:custom-hive", hive);

            var output = Path.Combine(_work, "out");
            var publishing = Stopwatch.StartNew();
            var log = await DotnetCli.RunAsync(project, "publish", "-c", "Release", "-r", "linux-x64", "-p:PublishAot=true", "-o", output);
            publishing.Stop();

            var warnings = TrimWarning().Matches(log).Select(m => m.Value).Distinct().ToArray();
            Assert.That(warnings, Is.Empty, "trim/AOT warnings in the publish output:\n" + log);
            var executable = Path.Combine(output, "AotApp");
            Assert.That(File.Exists(executable), Is.True, "the native executable");
            Assert.That(File.Exists(Path.Combine(output, "AotApp.dll")), Is.False, "no IL app: Native AOT");

            var port = RunningApp.FreePort();
            var home = new Uri($"http://127.0.0.1:{port}/");
            using var client = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
            var started = Stopwatch.StartNew();
            using var process = DotnetCli.Start(executable, [$"--Server:Urls=http://127.0.0.1:{port}"], output);
            try
            {
                var (page, firstOk) = await FirstOkAsync(client, home, process, started);
                var peak = PeakResidentKiB(process.Id);
                // The compiled view (Views/IndexView.cs) in the layout: the title, the stylesheet link, the next steps.
                Assert.That(page, Does.Contain("<h1>AotApp</h1>").And.Contain("href=\"/static/site.css\"").And.Contain("<strong>Native AOT</strong>"));

                // The status page a browser gets: templates/error.html through the runtime engine, with a dictionary model (no reflection).
                using (var request = new HttpRequestMessage(HttpMethod.Get, new Uri(home, "/no-such-page")) { Headers = { { "Accept", "text/html" } } })
                using (var missing = await client.SendAsync(request))
                {
                    Assert.That(missing.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
                    Assert.That(missing.Content.Headers.ContentType?.MediaType, Is.EqualTo("text/html"));
                    Assert.That(await missing.Content.ReadAsStringAsync(), Does.Contain("Back to the home page"));
                }

                using (var css = await client.GetAsync(new Uri(home, "/static/site.css")))
                {
                    Assert.That(css.StatusCode, Is.EqualTo(HttpStatusCode.OK));
                    Assert.That(css.Content.Headers.ContentType?.MediaType, Is.EqualTo("text/css"));
                }

                TestContext.Out.WriteLine(
                    $"Native AOT template app: publish {publishing.Elapsed.TotalSeconds:F0} s, executable {new FileInfo(executable).Length / 1024.0 / 1024.0:F1} MiB, " +
                    $"start to first 200 {firstOk.TotalMilliseconds:F0} ms, VmHWM at first 200 {peak / 1024.0:F1} MiB");

                await StopGracefullyAsync(process);
            }
            finally
            {
                if (!process.HasExited) process.Kill(entireProcessTree: true);
            }
        }
        finally
        {
            var globalPackages = Environment.GetEnvironmentVariable("NUGET_PACKAGES")
                ?? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
            var cached = Path.Combine(globalPackages, "microweb", version);
            if (Directory.Exists(cached)) Directory.Delete(cached, recursive: true);
        }
    }

    [Test]
    public async Task NativeAot_MessageBoard_publishes_without_warnings_and_serves_the_board_accounts_api_openapi_and_health_on_SQLite()
    {
        IgnoreWithoutNativeAotToolchain();

        var output = Path.Combine(_work, "out");
        var publishing = Stopwatch.StartNew();
        // Warnings stay warnings here so the executable is built and run whatever they are; the assertion at the end
        // lists every one. No Swagger UI download (npm): /docs is not what this test is about.
        var log = await DotnetCli.RunAsync(Repository.Root,
            "publish", "samples/MessageBoard/MessageBoard.csproj", "-c", "Release", "-r", "linux-x64", "-p:PublishAot=true",
            "-p:TreatWarningsAsErrors=false", "-p:MessageBoardFetchDocsUi=false",
            "--artifacts-path", Path.Combine(_work, "artifacts"), "-o", output);
        publishing.Stop();
        var warnings = AotOrGeneratorWarning().Matches(log).Select(m => m.Value).Distinct().ToArray();
        var executable = Path.Combine(output, "MessageBoard");
        Assert.That(File.Exists(executable), Is.True, "the native executable");
        Assert.That(File.Exists(Path.Combine(output, "MessageBoard.dll")), Is.False, "no IL app: Native AOT");

        var port = RunningApp.FreePort();
        var home = new Uri($"http://127.0.0.1:{port}/");
        var database = Path.Combine(_work, "board.db");
        using var handler = new HttpClientHandler { AllowAutoRedirect = false, CookieContainer = new CookieContainer() };
        using var client = new HttpClient(handler) { BaseAddress = home, Timeout = TimeSpan.FromSeconds(5) };
        var started = Stopwatch.StartNew();
        using var process = DotnetCli.Start(executable, [$"--Server:Urls=http://127.0.0.1:{port}", $"--MessageBoard:Database={database}"], output);
        try
        {
            // The board page: a controller (generated table) rendering templates through the runtime engine, dictionary and list models.
            var (board, firstOk) = await FirstOkAsync(client, home, process, started);
            var peak = PeakResidentKiB(process.Id);
            Assert.That(board, Does.Contain("<h1>Message board</h1>").And.Contain("No messages yet"), "signed out: the list, no compose form");

            using (var registered = await PostFormAsync(client, "register", "register", ("username", "ada"), ("password", "correct horse")))
                Assert.That(registered.StatusCode, Is.EqualTo(HttpStatusCode.Found), await registered.Content.ReadAsStringAsync());
            using (var loggedOut = await PostFormAsync(client, "", "logout"))
                Assert.That(loggedOut.StatusCode, Is.EqualTo(HttpStatusCode.Found), await loggedOut.Content.ReadAsStringAsync());
            using (var loggedIn = await PostFormAsync(client, "login", "login", ("username", "ada"), ("password", "correct horse")))
            {
                Assert.That(loggedIn.StatusCode, Is.EqualTo(HttpStatusCode.Found), await loggedIn.Content.ReadAsStringAsync());
                Assert.That(loggedIn.Headers.Location?.OriginalString, Is.EqualTo("/"), "signed in, not sent back to the form");
            }

            using (var posted = await PostFormAsync(client, "", "messages", ("text", "Hello from Native AOT")))
                Assert.That(posted.StatusCode, Is.EqualTo(HttpStatusCode.Found), await posted.Content.ReadAsStringAsync());
            Assert.That(await client.GetStringAsync(home), Does.Contain("Hello from Native AOT").And.Contain("ada"));

            // The JSON API: a MapGet handler returning a typed result, serialized through the app's JsonSerializerContext.
            using (var messages = JsonDocument.Parse(await client.GetStringAsync("api/messages")))
            {
                Assert.That(messages.RootElement.GetProperty("total").GetInt32(), Is.EqualTo(1));
                var first = messages.RootElement.GetProperty("items")[0];
                Assert.That((first.GetProperty("author").GetString(), first.GetProperty("text").GetString()), Is.EqualTo(("ada", "Hello from Native AOT")));
            }

            // The OpenAPI document, schemas from the same JSON contract and responses from the typed results.
            using (var openApi = JsonDocument.Parse(await client.GetStringAsync("openapi.json")))
            {
                var list = openApi.RootElement.GetProperty("paths").GetProperty("/api/messages").GetProperty("get");
                Assert.That(list.GetProperty("responses").GetProperty("200").GetProperty("content").GetProperty("application/json").GetProperty("schema").GetProperty("$ref").GetString(),
                    Is.EqualTo("#/components/schemas/ApiMessagePage"));
                var page = openApi.RootElement.GetProperty("components").GetProperty("schemas").GetProperty("ApiMessagePage");
                Assert.That(page.GetProperty("properties").GetProperty("items").GetProperty("items").GetProperty("$ref").GetString(), Is.EqualTo("#/components/schemas/ApiMessage"));
            }

            using (var live = await client.GetAsync("healthz"))
                Assert.That(live.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            using (var ready = await client.GetAsync("readyz"))
                Assert.That(ready.StatusCode, Is.EqualTo(HttpStatusCode.OK), "the SQLite check");

            TestContext.Out.WriteLine(
                $"Native AOT MessageBoard: publish {publishing.Elapsed.TotalSeconds:F0} s, executable {new FileInfo(executable).Length / 1024.0 / 1024.0:F1} MiB, " +
                $"start to first 200 {firstOk.TotalMilliseconds:F0} ms, VmHWM at first 200 {peak / 1024.0:F1} MiB");

            await StopGracefullyAsync(process);
        }
        finally
        {
            if (!process.HasExited) process.Kill(entireProcessTree: true);
        }

        Assert.That(warnings, Is.Empty, "trim/AOT/MicroWeb-generator warnings in the publish output:\n" + string.Join("\n", warnings));
    }

    /// <summary>GETs <paramref name="formPage"/> for its CSRF field, then posts <paramref name="fields"/> with it to <paramref name="action"/>.</summary>
    private static async Task<HttpResponseMessage> PostFormAsync(HttpClient client, string formPage, string action, params (string Name, string Value)[] fields)
    {
        var html = await client.GetStringAsync(formPage);
        var csrf = CsrfField().Match(html);
        Assert.That(csrf.Success, Is.True, "a __csrf field on " + formPage + ":\n" + html);
        var values = fields.Select(f => new KeyValuePair<string, string>(f.Name, f.Value)).Append(new("__csrf", csrf.Groups[1].Value));
        return await client.PostAsync(action, new FormUrlEncodedContent(values));
    }

    /// <summary>
    /// Asks until the first 200. There is no signal to wait for that would not itself come later than the port opening,
    /// so this polls, with a deadline; a refused connection returns at once.
    /// </summary>
    private static async Task<(string Body, TimeSpan At)> FirstOkAsync(HttpClient client, Uri url, Process process, Stopwatch started)
    {
        while (started.Elapsed < TimeSpan.FromSeconds(30))
        {
            if (process.HasExited)
                Assert.Fail($"the native app exited with code {process.ExitCode}:\n{await process.StandardOutput.ReadToEndAsync()}{await process.StandardError.ReadToEndAsync()}");
            try
            {
                using var response = await client.GetAsync(url);
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    var at = started.Elapsed;
                    return (await response.Content.ReadAsStringAsync(), at);
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }
        }

        Assert.Fail($"no 200 from {url} within 30 s");
        return default;
    }

    private static void IgnoreWithoutNativeAotToolchain()
    {
        if (!OperatingSystem.IsLinux() || Environment.Is64BitProcess is false || System.Runtime.InteropServices.RuntimeInformation.OSArchitecture != System.Runtime.InteropServices.Architecture.X64)
            Assert.Ignore("the Native AOT test publishes for linux-x64");
        if (!OnPath("clang"))
            Assert.Ignore("Native AOT needs clang (and zlib1g-dev) to link; .ci/run installs them");
    }

    /// <summary>SIGTERM, then the exit code: a native app stops gracefully, as under the JIT.</summary>
    private static async Task StopGracefullyAsync(Process process)
    {
        using (var stop = Process.Start("kill", ["-TERM", process.Id.ToString()])) await stop.WaitForExitAsync();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(20));
        Assert.That(process.ExitCode, Is.Zero, "graceful stop on SIGTERM");
    }

    /// <summary>The process's peak resident set (VmHWM, proc(5)), in KiB.</summary>
    private static long PeakResidentKiB(int pid)
    {
        var line = File.ReadLines($"/proc/{pid}/status").First(l => l.StartsWith("VmHWM:", StringComparison.Ordinal));
        return long.Parse(line["VmHWM:".Length..].Trim().Split(' ')[0], System.Globalization.CultureInfo.InvariantCulture);
    }

    private static bool OnPath(string program) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Any(directory => File.Exists(Path.Combine(directory, program)));

    /// <summary>A trim (IL2xxx) or AOT / single-file (IL3xxx) warning from the analyzers or ILC.</summary>
    [GeneratedRegex(@"warning IL[23]\d{3}[^\r\n]*")]
    private static partial Regex TrimWarning();

    /// <summary>As <see cref="TrimWarning"/>, and MicroWeb's generator diagnostics (MW1006: a model bound by reflection).</summary>
    [GeneratedRegex(@"warning (IL[23]\d{3}|MW\d{4})[^\r\n]*")]
    private static partial Regex AotOrGeneratorWarning();

    [GeneratedRegex("name=\"__csrf\" value=\"([^\"]+)\"")]
    private static partial Regex CsrfField();
}
