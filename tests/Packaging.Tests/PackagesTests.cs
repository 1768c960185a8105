using System.IO.Compression;
using System.Net;
using System.Text.Json;
using System.Xml.Linq;

namespace Packaging.Tests;

/// <summary>
/// Packs MicroWeb and MicroWeb.Templates into a temporary feed and uses them as a user would:
/// `dotnet new microweb` from a private template hive, `dotnet add package MicroWeb` in a console app,
/// each restored from that feed alone.
/// </summary>
[Category("Slow")]
public class PackagesTests
{
    // A version no earlier run used, so NuGet's global cache cannot hand back a stale MicroWeb.
    private readonly string _version = $"{Repository.Version}-packagetest.{DateTime.UtcNow:yyyyMMddHHmmss}";
    private string _root = "";
    private string _feed = "";
    private string _hive = "";

    [OneTimeSetUp]
    public async Task PackIntoATemporaryFeed()
    {
        _root = Directory.CreateTempSubdirectory("microweb-packages-").FullName;
        _feed = Path.Combine(_root, "feed");
        _hive = Path.Combine(_root, "hive");
        string artifacts = Path.Combine(_root, "artifacts");

        await DotnetCli.RunAsync(Repository.Root, "pack", "src/MicroWeb", "-c", "Release", "-o", _feed,
            "--artifacts-path", artifacts, $"-p:Version={_version}");
        await DotnetCli.RunAsync(Repository.Root, "pack", "templates/MicroWeb.Templates", "-c", "Release", "-o", _feed,
            "--artifacts-path", artifacts);

        // Only the temporary feed: the apps below restore MicroWeb from it or fail.
        File.WriteAllText(Path.Combine(_root, "nuget.config"), $"""
            <?xml version="1.0" encoding="utf-8"?>
            <configuration>
              <packageSources>
                <clear />
                <add key="microweb-test-feed" value="{_feed}" />
              </packageSources>
            </configuration>
            """);
        await DotnetCli.RunAsync(_root, "new", "install", Path.Combine(_feed, $"MicroWeb.Templates.{Repository.Version}.nupkg"),
            "--debug:custom-hive", _hive);
    }

    [OneTimeTearDown]
    public void CleanUp()
    {
        if (_root.Length > 0 && Directory.Exists(_root)) Directory.Delete(_root, recursive: true);
        string globalPackages = Environment.GetEnvironmentVariable("NUGET_PACKAGES")
            ?? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
        string cached = Path.Combine(globalPackages, "microweb", _version);
        if (Directory.Exists(cached)) Directory.Delete(cached, recursive: true);
    }

    [Test]
    public void The_package_carries_docs_readme_license_symbols_and_the_lowest_dependency_versions()
    {
        string package = Path.Combine(_feed, $"MicroWeb.{_version}.nupkg");
        Assert.That(File.Exists(Path.ChangeExtension(package, ".snupkg")), Is.True, "symbols package next to the package");
        using var zip = ZipFile.OpenRead(package);
        var entries = zip.Entries.Select(e => e.FullName).ToArray();
        Assert.That(entries, Does.Contain("lib/net10.0/MicroWeb.dll"));
        Assert.That(entries, Does.Contain("lib/net10.0/MicroWeb.xml"), "XML documentation ships");
        Assert.That(entries, Does.Contain("README.md"));

        using var nuspecStream = zip.Entries.Single(e => e.FullName.EndsWith(".nuspec", StringComparison.Ordinal)).Open();
        var nuspec = XDocument.Load(nuspecStream);
        XNamespace ns = nuspec.Root!.Name.Namespace;
        var metadata = nuspec.Root.Element(ns + "metadata")!;
        Assert.Multiple(() =>
        {
            Assert.That(metadata.Element(ns + "license")?.Value, Is.EqualTo("MIT"));
            Assert.That(metadata.Element(ns + "readme")?.Value, Is.EqualTo("README.md"));
            Assert.That(metadata.Element(ns + "version")?.Value, Is.EqualTo(_version));
            Assert.That(metadata.Element(ns + "description")?.Value, Is.Not.Empty);
        });
        var dependencies = metadata.Descendants(ns + "dependency").ToDictionary(d => d.Attribute("id")!.Value, d => d.Attribute("version")!.Value);
        Assert.That(dependencies.Keys, Is.EquivalentTo(new[]
        {
            "Microsoft.Extensions.Configuration", "Microsoft.Extensions.Configuration.Json",
            "Microsoft.Extensions.Configuration.EnvironmentVariables", "Microsoft.Extensions.Configuration.CommandLine",
            "Microsoft.Extensions.DependencyInjection", "Microsoft.Extensions.Logging", "Microsoft.Extensions.Logging.Console",
            "Microsoft.Extensions.Options", "Microsoft.Extensions.Primitives", "Microsoft.Extensions.Diagnostics.HealthChecks",
            "System.Threading.RateLimiting",
        }));
        Assert.That(dependencies.Values, Has.All.EqualTo("10.0.0"), "the lowest versions for net10.0, so apps are not forced to upgrade");
    }

    [Test]
    public async Task Dotnet_new_microweb_builds_without_warnings_runs_and_serves_its_page_and_stylesheet()
    {
        int port = RunningApp.FreePort();
        string project = Path.Combine(_root, "Demo");
        await DotnetCli.RunAsync(_root, "new", "microweb", "-n", "Demo", "-o", project, "--port", port.ToString(),
            "--MicroWebVersion", _version, "--debug:custom-hive", _hive);

        Assert.That(File.ReadAllText(Path.Combine(project, "Controllers", "HomeController.cs")), Does.Contain("namespace Demo.Controllers;"));
        Assert.That(File.ReadAllText(Path.Combine(project, "Demo.csproj")), Does.Contain($"Include=\"MicroWeb\" Version=\"{_version}\""));
        foreach (string file in new[] { "Program.cs", "appsettings.json", "README.md", ".gitignore", "static/site.css", "templates/layout.html", "templates/index.html", "Properties/launchSettings.json" })
            Assert.That(File.Exists(Path.Combine(project, file)), Is.True, file);

        string build = await DotnetCli.RunAsync(project, "build");
        Assert.That(build, Does.Contain(" 0 Warning(s)"), build);

        var url = new Uri($"http://127.0.0.1:{port}/");
        await using var app = await RunningApp.StartAsync(Path.Combine(project, "bin", "Debug", "net10.0", "Demo.dll"), project, url);
        using var client = new HttpClient();

        using var page = await client.GetAsync(url);
        string html = await page.Content.ReadAsStringAsync();
        Assert.That(page.StatusCode, Is.EqualTo(HttpStatusCode.OK), app.Output);
        Assert.That(page.Content.Headers.ContentType?.MediaType, Is.EqualTo("text/html"));
        Assert.That(html, Does.Contain("<title>Demo</title>").And.Contain("<h1>Demo</h1>"), "index.html rendered inside layout.html");
        Assert.That(html, Does.Contain("<strong>Controllers</strong>"), "the sample page lists what is where");

        using var css = await client.GetAsync(new Uri(url, "/static/site.css"));
        Assert.That(css.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(css.Content.Headers.ContentType?.MediaType, Is.EqualTo("text/css"));
        Assert.That(await css.Content.ReadAsStringAsync(), Is.EqualTo(File.ReadAllText(Path.Combine(project, "static", "site.css"))));

        Assert.That(await app.StopAsync(), Is.Zero, "SIGTERM shuts the app down gracefully:\n" + app.Output);
    }

    [Test]
    public async Task A_published_microweb_app_runs_from_another_working_directory()
    {
        int port = RunningApp.FreePort();
        string project = Path.Combine(_root, "Shipped");
        string published = Path.Combine(_root, "shipped-publish");
        string elsewhere = Directory.CreateDirectory(Path.Combine(_root, "elsewhere")).FullName;
        await DotnetCli.RunAsync(_root, "new", "microweb", "-n", "Shipped", "-o", project, "--port", port.ToString(),
            "--MicroWebVersion", _version, "--debug:custom-hive", _hive);

        await DotnetCli.RunAsync(project, "publish", "-c", "Release", "-o", published);

        foreach (string file in new[] { "appsettings.json", "static/site.css", "templates/layout.html", "templates/index.html" })
            Assert.That(File.Exists(Path.Combine(published, file)), Is.True, $"{file} is published (buildTransitive/MicroWeb.targets)");
        var url = new Uri($"http://127.0.0.1:{port}/");
        await using var app = await RunningApp.StartAsync(Path.Combine(published, "Shipped.dll"), elsewhere, url);
        using var client = new HttpClient();

        using var page = await client.GetAsync(url);
        Assert.That(page.StatusCode, Is.EqualTo(HttpStatusCode.OK), app.Output);
        Assert.That(await page.Content.ReadAsStringAsync(), Does.Contain("<h1>Shipped</h1>"));
        using var css = await client.GetAsync(new Uri(url, "/static/site.css"));
        Assert.That(css.StatusCode, Is.EqualTo(HttpStatusCode.OK), app.Output);
        Assert.That(app.Output, Does.Contain($"content root {published.TrimEnd('/')}"), "the startup log names the content root");
        Assert.That(await app.StopAsync(), Is.Zero, app.Output);
    }

    [Test]
    public async Task No_sample_page_generates_a_bare_index()
    {
        string project = Path.Combine(_root, "Bare");
        await DotnetCli.RunAsync(_root, "new", "microweb", "-n", "Bare", "-o", project, "--no-sample-page",
            "--MicroWebVersion", _version, "--debug:custom-hive", _hive, "--no-restore");

        string index = File.ReadAllText(Path.Combine(project, "templates", "index.html"));
        string controller = File.ReadAllText(Path.Combine(project, "Controllers", "HomeController.cs"));
        Assert.That(index, Does.Contain("<h1><<title>></h1>").And.Not.Contain("features"));
        Assert.That(controller, Does.Contain("title = \"Bare\"").And.Not.Contain("features"));
        Assert.That(File.ReadAllText(Path.Combine(project, "appsettings.json")), Does.Contain("http://localhost:5000"), "the default port");
    }

    [Test]
    public async Task Dotnet_add_package_microweb_to_a_console_app_runs_a_three_line_app()
    {
        string project = Path.Combine(_root, "Plain");
        await DotnetCli.RunAsync(_root, "new", "console", "-n", "Plain", "-o", project, "--no-restore");
        await DotnetCli.RunAsync(project, "add", "package", "MicroWeb", "--version", _version);
        File.WriteAllText(Path.Combine(project, "Program.cs"), """
            using MicroWeb;

            var app = MicroWebApp.CreateBuilder(args).Build();
            app.MapGet("/", () => "Hello from a console app");
            app.Run();
            """);
        string build = await DotnetCli.RunAsync(project, "build");
        Assert.That(build, Does.Contain(" 0 Warning(s)"), build);

        int port = RunningApp.FreePort();
        var url = new Uri($"http://127.0.0.1:{port}/");
        await using var app = await RunningApp.StartAsync(Path.Combine(project, "bin", "Debug", "net10.0", "Plain.dll"), project, url,
            "--urls", url.ToString().TrimEnd('/'));
        using var client = new HttpClient();
        Assert.That(await client.GetStringAsync(url), Is.EqualTo("Hello from a console app"));
        Assert.That(await app.StopAsync(), Is.Zero, app.Output);
    }

    [Test]
    public void The_template_defaults_to_the_MicroWeb_version_packed_alongside_it()
    {
        string templateJson = Path.Combine(Repository.Root, "templates", "MicroWeb.Templates", "content", "microweb", ".template.config", "template.json");
        using var document = JsonDocument.Parse(File.ReadAllText(templateJson));
        var symbols = document.RootElement.GetProperty("symbols");
        Assert.That(symbols.GetProperty("MicroWebVersion").GetProperty("defaultValue").GetString(), Is.EqualTo(Repository.Version));
        Assert.That(document.RootElement.GetProperty("shortName").GetString(), Is.EqualTo("microweb"));
        Assert.That(document.RootElement.GetProperty("sourceName").GetString(), Is.EqualTo("MicroWeb.App"));
    }
}
