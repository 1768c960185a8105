using System.Net;
using System.Text.Json.Nodes;
using MicroWeb.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace MicroWeb.Tests.OpenApi;

/// <summary>
/// <c>MapOpenApiUi</c>: the documentation page's shell (no inline script or style), its start-up script, Swagger UI's
/// files from the app's folder, the 404 that says they are missing, and none of it in the document. The page in a
/// real browser with the real files is MessageBoard.Tests' ApiDocsBrowserTests.
/// </summary>
public class OpenApiUiTests
{
    private string _contentRoot = null!;

    [SetUp]
    public void CreateContentRoot()
    {
        _contentRoot = Path.Combine(Path.GetTempPath(), $"openapi-ui-{Guid.NewGuid():N}");
        Directory.CreateDirectory(_contentRoot);
    }

    [TearDown]
    public void DeleteContentRoot() => Directory.Delete(_contentRoot, recursive: true);

    [Test]
    public async Task OpenApiUi_page_links_the_bundle_the_style_and_the_start_script_with_no_inline_code()
    {
        WriteAssets("ui");
        await using var host = Host(app => app.MapOpenApiUi("/docs", "/openapi.json", "ui"));
        using var client = host.CreateClient();

        using var page = await client.GetAsync("/docs");
        var html = await page.Content.ReadAsStringAsync();

        Assert.That(page.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(page.Content.Headers.ContentType!.MediaType, Is.EqualTo("text/html"));
        Assert.That(html, Does.Contain("<link rel=\"stylesheet\" href=\"/docs/swagger-ui.css\">"));
        Assert.That(html, Does.Contain("<script src=\"/docs/swagger-ui-bundle.js\"></script>"));
        Assert.That(html, Does.Contain("<script src=\"/docs/swagger-ui-init.js\"></script>"));
        Assert.That(html, Does.Contain("data-url=\"/openapi.json\""));
        Assert.That(html, Does.Not.Contain("<script>").And.Not.Contain("<style").And.Not.Contain("style=").And.Not.Match(@"\son[a-z]+="),
            "no inline script, style or handler, so default-src 'self' allows the page");
    }

    [Test]
    public async Task OpenApiUi_serves_the_files_from_the_folder_and_its_start_script()
    {
        WriteAssets("ui");
        await using var host = Host(app => app.MapOpenApiUi("/docs", "/openapi.json", "ui"));
        using var client = host.CreateClient();

        using var bundle = await client.GetAsync("/docs/swagger-ui-bundle.js");
        using var style = await client.GetAsync("/docs/swagger-ui.css");
        using var script = await client.GetAsync("/docs/swagger-ui-init.js");
        var start = await script.Content.ReadAsStringAsync();

        Assert.That(await bundle.Content.ReadAsStringAsync(), Is.EqualTo("window.SwaggerUIBundle = null;"));
        Assert.That(bundle.Content.Headers.ContentType!.MediaType, Is.EqualTo("text/javascript"));
        Assert.That(bundle.Headers.ETag, Is.Not.Null, "served as a file, with validators");
        Assert.That(await style.Content.ReadAsStringAsync(), Is.EqualTo(".swagger-ui {}"));
        Assert.That(style.Content.Headers.ContentType!.MediaType, Is.EqualTo("text/css"));
        Assert.That(script.Content.Headers.ContentType!.MediaType, Is.EqualTo("text/javascript"));
        Assert.That(start, Does.Contain("SwaggerUIBundle({").And.Contain("root.dataset.url").And.Contain("validatorUrl: null"),
            "starts the UI on the page's document URL, without the online validator badge (another origin)");
    }

    [Test]
    public async Task OpenApiUi_without_the_files_is_a_404_page_naming_the_folder_and_the_package()
    {
        await using var host = Host(app => app.MapOpenApiUi("/docs", "/openapi.json", "missing"));
        using var client = host.CreateClient();

        using var page = await client.GetAsync("/docs");
        var html = await page.Content.ReadAsStringAsync();
        using var bundle = await client.GetAsync("/docs/swagger-ui-bundle.js");

        Assert.That(page.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
        Assert.That(page.Content.Headers.ContentType!.MediaType, Is.EqualTo("text/html"));
        Assert.That(html, Does.Contain("swagger-ui-dist").And.Contain(Path.Combine(_contentRoot, "missing")));
        Assert.That(html, Does.Contain("swagger-ui-bundle.js and swagger-ui.css not found"));
        Assert.That(bundle.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
    }

    [Test]
    public async Task OpenApiUi_routes_are_not_in_the_document_and_follow_the_path_base()
    {
        WriteAssets("swagger-ui");
        await using var host = Host(app => app.MapOpenApi().MapOpenApiUi(), ("Server:PathBase", "/board"));
        using var client = host.CreateClient();

        var document = JsonNode.Parse(await client.GetStringAsync("/board/openapi.json"))!;
        var html = await client.GetStringAsync("/board/docs");

        Assert.That(document["paths"]!.AsObject().Select(p => p.Key), Has.None.StartsWith("/docs"));
        Assert.That(html, Does.Contain("href=\"/board/docs/swagger-ui.css\"").And.Contain("data-url=\"/board/openapi.json\""));
    }

    [Test]
    public async Task OpenApiUi_refuses_an_empty_path()
    {
        await using var app = MicroWebApp.CreateBuilder([]).Build();
        Assert.Throws<ArgumentException>(() => app.MapOpenApiUi(""));
        Assert.Throws<ArgumentException>(() => app.MapOpenApiUi("/docs", "/openapi.json", ""));
    }

    private MicroWebTestHost Host(Action<MicroWebApp> map, params (string Key, string Value)[] settings)
    {
        var host = MicroWebTestHost.Create(builder => builder.Services.AddOpenApi(), map).WithSetting("ContentRoot", _contentRoot);
        foreach (var (key, value) in settings) host = host.WithSetting(key, value);
        return host;
    }

    private void WriteAssets(string folder)
    {
        var directory = Path.Combine(_contentRoot, folder);
        Directory.CreateDirectory(directory);
        File.WriteAllText(Path.Combine(directory, "swagger-ui-bundle.js"), "window.SwaggerUIBundle = null;");
        File.WriteAllText(Path.Combine(directory, "swagger-ui.css"), ".swagger-ui {}");
    }
}
