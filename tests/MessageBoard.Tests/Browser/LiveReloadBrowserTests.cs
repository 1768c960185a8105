using MicroWeb;
using Microsoft.Extensions.Logging;
using OpenQA.Selenium.Support.UI;

namespace MessageBoard.Tests.Browser;

/// <summary>
/// Live reload in Chromium: a small Development app over a temporary content root, under a strict CSP. Editing the
/// template shows on the open page within 2 s; editing the stylesheet swaps it without a page load.
/// </summary>
[Parallelizable(ParallelScope.None)]
public sealed class LiveReloadBrowserTests
{
    private const string Policy = "default-src 'self'";

    private string _root = null!;

    [SetUp]
    public void CreateContentRoot()
    {
        _root = Directory.CreateTempSubdirectory("microweb-livereload-").FullName;
        Directory.CreateDirectory(Path.Combine(_root, "templates"));
        Directory.CreateDirectory(Path.Combine(_root, "static"));
        WriteTemplate("before");
        File.WriteAllText(Path.Combine(_root, "static", "site.css"), "h1 { color: rgb(0, 0, 255); }\n");
    }

    [TearDown]
    public void DeleteContentRoot() => Directory.Delete(_root, recursive: true);

    private void WriteTemplate(string heading) => File.WriteAllText(Path.Combine(_root, "templates", "page.html"),
        $"<!doctype html>\n<html>\n<head><title>live</title><link rel=\"stylesheet\" href=\"/static/site.css\"></head>\n<body>\n<h1>{heading}</h1>\n</body>\n</html>\n");

    private async Task<MicroWebApp> StartAsync()
    {
        var builder = MicroWebApp.CreateBuilder(["--environment", "Development", "--contentRoot", _root]);
        builder.Logging.ClearProviders();
        builder.ConfigureServer(options => options.Urls = "http://127.0.0.1:0");
        var app = builder.Build();
        app.UseSecurityHeaders(new SecurityHeadersOptions { ContentSecurityPolicy = Policy });
        app.UseStaticFiles();
        app.MapGet("/", () => Results.View("page.html"));
        await app.StartAsync();
        return app;
    }

    [Test]
    public async Task An_edited_template_shows_within_two_seconds_and_an_edited_stylesheet_is_swapped_in_place()
    {
        using var browser = HeadlessChromium.Desktop(1024, 768);
        await using var app = await StartAsync();
        var wait = new WebDriverWait(browser.Driver, TimeSpan.FromSeconds(10)) { PollingInterval = TimeSpan.FromMilliseconds(50) };

        browser.Open(new Uri(app.Urls[0] + "/"));
        Assert.That(browser.Find("h1").Text, Is.EqualTo("before"));
        wait.Message = "the page never connected to /_microweb/reload (blocked by the CSP?)";
        wait.Until(_ => browser.Script<object?>("return window.microwebLiveReload || null") as string == "connected");

        WriteTemplate("after");
        var changed = new WebDriverWait(browser.Driver, TimeSpan.FromSeconds(2))
        {
            PollingInterval = TimeSpan.FromMilliseconds(50),
            Message = "the template change did not show within 2 s",
        };
        changed.IgnoreExceptionTypes(typeof(OpenQA.Selenium.StaleElementReferenceException), typeof(OpenQA.Selenium.NoSuchElementException));
        changed.Until(_ => browser.Find("h1").Text == "after");

        // The reloaded page connects again; a stylesheet change then keeps the document (no reload).
        wait.Until(_ => browser.Script<object?>("return window.microwebLiveReload || null") as string == "connected");
        browser.Script<object?>("window.sameDocument = true; return null;");
        File.WriteAllText(Path.Combine(_root, "static", "site.css"), "h1 { color: rgb(255, 0, 0); }\n");
        wait.Message = "the stylesheet was not swapped";
        wait.Until(_ => browser.Script<string>("return getComputedStyle(document.querySelector('h1')).color") == "rgb(255, 0, 0)");

        Assert.That(browser.Script<bool>("return window.sameDocument === true"), Is.True, "a CSS change swaps the stylesheet, no reload");
        Assert.That(browser.Script<string>("return document.querySelector('link[rel=stylesheet]').href"), Does.Contain("livereload="));
    }
}
