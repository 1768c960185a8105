using System.IO.Compression;
using System.Net;
using System.Text.Json;
using System.Xml.Linq;

namespace Packaging.Tests;

/// <summary>
/// Packs MicroWeb, MicroWeb.Testing and MicroWeb.Templates into a temporary feed and uses them as a user would:
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
        await DotnetCli.RunAsync(Repository.Root, "pack", "src/MicroWeb.Testing", "-c", "Release", "-o", _feed,
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
        foreach (var id in new[] { "microweb", "microweb.testing" })
        {
            var cached = Path.Combine(globalPackages, id, _version);
            if (Directory.Exists(cached)) Directory.Delete(cached, recursive: true);
        }
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
        Assert.That(TypeNames(Path.Combine(project, "bin", "Debug", "net10.0", "Demo.dll")), Does.Contain("MicroWebGeneratedControllers"),
            "the package's analyzers/dotnet/cs generator wrote the app's controller table");

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
        Assert.That(controller, Does.Contain("Title = \"Bare\"").And.Not.Contain("Features"));
        Assert.That(File.ReadAllText(Path.Combine(project, "Views", "IndexView.cs")), Does.Contain("[Template(\"index.html\")]").And.Not.Contain("Feature"));
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

    [TestCase("MicroWeb")]
    [TestCase("MicroWeb.Testing")]
    [TestCase("MicroWeb.Templates")]
    public void The_package_page_has_repository_project_url_icon_an_absolute_readme_and_the_changelog_as_release_notes(string id)
    {
        var version = id == "MicroWeb.Templates" ? Repository.Version : _version;
        using var zip = ZipFile.OpenRead(Path.Combine(_feed, $"{id}.{version}.nupkg"));
        using var nuspecStream = zip.Entries.Single(e => e.FullName.EndsWith(".nuspec", StringComparison.Ordinal)).Open();
        var nuspec = XDocument.Load(nuspecStream);
        var ns = nuspec.Root!.Name.Namespace;
        var metadata = nuspec.Root.Element(ns + "metadata")!;
        var repositoryUrl = XDocument.Load(Path.Combine(Repository.Root, "Directory.Build.props")).Descendants("RepositoryUrl").Single().Value;

        Assert.Multiple(() =>
        {
            Assert.That(metadata.Element(ns + "repository")?.Attribute("type")?.Value, Is.EqualTo("git"));
            Assert.That(metadata.Element(ns + "repository")?.Attribute("url")?.Value, Is.EqualTo(repositoryUrl));
            Assert.That(metadata.Element(ns + "projectUrl")?.Value, Is.EqualTo(repositoryUrl));
            Assert.That(metadata.Element(ns + "license")?.Value, Is.EqualTo("MIT"));
            Assert.That(metadata.Element(ns + "icon")?.Value, Is.EqualTo("icon.png"));
            Assert.That(metadata.Element(ns + "readme")?.Value, Is.EqualTo("README.md"));
            Assert.That(metadata.Element(ns + "releaseNotes")?.Value.ReplaceLineEndings("\n"), Is.EqualTo(NewestChangelogSection()),
                "the release notes are CHANGELOG.md's newest section");
        });

        using (var icon = zip.GetEntry("icon.png")!.Open())
        {
            var signature = new byte[8];
            icon.ReadExactly(signature);
            Assert.That(signature, Is.EqualTo(new byte[] { 0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A }), "icon.png is a PNG");
        }
        using var readmeReader = new StreamReader(zip.GetEntry("README.md")!.Open());
        var readme = readmeReader.ReadToEnd();
        var targets = System.Text.RegularExpressions.Regex.Matches(readme, @"\]\(([^)\s]+)").Select(m => m.Groups[1].Value).ToArray();
        Assert.That(targets, Is.Not.Empty, "the readme links to the docs");
        Assert.That(targets, Has.All.StartWith("https://"), "a package page has no repository to resolve relative links and images against");
        Assert.That(readme, Does.Contain($"![MicroWeb](https://raw.githubusercontent.com/{new Uri(repositoryUrl).AbsolutePath.Trim('/')}/main/docs/images/icon.png)"),
            "images come from raw.githubusercontent.com, which nuget.org displays");
    }

    [Test]
    public async Task Dotnet_new_microweb_with_tests_creates_a_test_project_whose_test_passes()
    {
        var root = Path.Combine(_root, "Shop");
        await DotnetCli.RunAsync(_root, "new", "microweb", "-n", "Shop", "-o", root, "--tests",
            "--MicroWebVersion", _version, "--debug:custom-hive", _hive);

        foreach (var file in new[] { "Shop.slnx", "README.md", ".gitignore", "Directory.Build.props", "Shop/Shop.csproj", "Shop/Program.cs",
                     "Shop/templates/index.html", "Shop.Tests/Shop.Tests.csproj", "Shop.Tests/HomePageTests.cs" })
            Assert.That(File.Exists(Path.Combine(root, file)), Is.True, file);
        var testProject = File.ReadAllText(Path.Combine(root, "Shop.Tests", "Shop.Tests.csproj"));
        var centralVersions = XDocument.Load(Path.Combine(Repository.Root, "Directory.Packages.props")).Descendants("PackageVersion")
            .ToDictionary(p => p.Attribute("Include")!.Value, p => p.Attribute("Version")!.Value);
        foreach (var package in new[] { "NUnit", "NUnit3TestAdapter", "Microsoft.NET.Test.Sdk" })
            Assert.That(testProject, Does.Contain($"Include=\"{package}\" Version=\"{centralVersions[package]}\""), $"{package} at the version this repository tests with");
        Assert.That(testProject, Does.Contain($"Include=\"MicroWeb.Testing\" Version=\"{_version}\""));
        Assert.That(File.ReadAllText(Path.Combine(root, "Shop.Tests", "HomePageTests.cs")), Does.Contain("namespace Shop.Tests;"));

        var test = await DotnetCli.RunAsync(root, "test");
        Assert.That(test, Does.Contain("Passed!").And.Contain("Passed:     1"), test);
    }

    [Test]
    public async Task Dotnet_new_microweb_inside_this_repository_builds_without_its_central_package_management_or_warnings_as_errors()
    {
        // Under the repository, whose Directory.Build.props turns on central package management (NU1008 for a
        // versioned PackageReference) and warnings as errors. Substitution: a nuget.config naming the test feed,
        // because the repository's own names artifacts/packages.
        var inside = Directory.CreateDirectory(Path.Combine(Repository.Root, $"tmp-packaging-{Guid.NewGuid():N}")).FullName;
        try
        {
            File.Copy(Path.Combine(_root, "nuget.config"), Path.Combine(inside, "nuget.config"));
            var project = Path.Combine(inside, "Inside");
            await DotnetCli.RunAsync(inside, "new", "microweb", "-n", "Inside", "-o", project,
                "--MicroWebVersion", _version, "--debug:custom-hive", _hive);

            var build = await DotnetCli.RunAsync(project, "build");
            Assert.That(build, Does.Contain(" 0 Warning(s)"), build);
            var properties = await DotnetCli.RunAsync(project, "msbuild", "-getProperty:ManagePackageVersionsCentrally",
                "-getProperty:TreatWarningsAsErrors", "-getProperty:Version");
            using var json = JsonDocument.Parse(properties);
            var values = json.RootElement.GetProperty("Properties");
            Assert.That(values.GetProperty("ManagePackageVersionsCentrally").GetString(), Is.EqualTo("false"));
            Assert.That(values.GetProperty("TreatWarningsAsErrors").GetString(), Is.Not.EqualTo("true"), "the repository's Directory.Build.props does not reach the app");
            Assert.That(values.GetProperty("Version").GetString(), Is.EqualTo("1.0.0"), "nor its Version");
        }
        finally
        {
            Directory.Delete(inside, recursive: true);
        }
    }

    [Test]
    public void The_template_defaults_to_the_test_package_versions_this_repository_uses()
    {
        var templateJson = Path.Combine(Repository.Root, "templates", "MicroWeb.Templates", "content", "microweb", ".template.config", "template.json");
        using var document = JsonDocument.Parse(File.ReadAllText(templateJson));
        var symbols = document.RootElement.GetProperty("symbols");
        var centralVersions = XDocument.Load(Path.Combine(Repository.Root, "Directory.Packages.props")).Descendants("PackageVersion")
            .ToDictionary(p => p.Attribute("Include")!.Value, p => p.Attribute("Version")!.Value);
        Assert.That(symbols.GetProperty("NUnitVersion").GetProperty("defaultValue").GetString(), Is.EqualTo(centralVersions["NUnit"]));
        Assert.That(symbols.GetProperty("NUnitAdapterVersion").GetProperty("defaultValue").GetString(), Is.EqualTo(centralVersions["NUnit3TestAdapter"]));
        Assert.That(symbols.GetProperty("TestSdkVersion").GetProperty("defaultValue").GetString(), Is.EqualTo(centralVersions["Microsoft.NET.Test.Sdk"]));
        Assert.That(symbols.GetProperty("tests").GetProperty("defaultValue").GetString(), Is.EqualTo("false"));
    }

    private static string NewestChangelogSection()
    {
        var changelog = File.ReadAllText(Path.Combine(Repository.Root, "CHANGELOG.md")).ReplaceLineEndings("\n");
        var sections = changelog.Split("\n## ");
        Assert.That(sections, Has.Length.GreaterThan(1), "CHANGELOG.md has a '## ' section");
        return sections[1][(sections[1].IndexOf('\n') + 1)..].Trim();
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

    /// <summary>The names of the types an assembly defines, read from its metadata without loading it.</summary>
    private static string[] TypeNames(string assembly)
    {
        using var stream = File.OpenRead(assembly);
        using var pe = new System.Reflection.PortableExecutable.PEReader(stream);
        var metadata = System.Reflection.Metadata.PEReaderExtensions.GetMetadataReader(pe);
        return [.. metadata.TypeDefinitions.Select(t => metadata.GetString(metadata.GetTypeDefinition(t).Name))];
    }
}
