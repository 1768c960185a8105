using System.Security.Cryptography;
using OpenQA.Selenium;
using OpenQA.Selenium.Support.UI;

namespace MessageBoard.Tests.Browser;

/// <summary>
/// <c>/docs</c> in a real Chromium: Swagger UI, served by the board from swagger-ui-dist's files, renders the board's
/// own <c>/openapi.json</c> under the board's strict Content-Security-Policy (plus <c>data:</c> images, which Swagger
/// UI's icons are) without a violation. Ignored when Chromium
/// or the npm package is absent (the build fetches it with npm ci when npm is on PATH).
/// </summary>
[Parallelizable(ParallelScope.None)]
public sealed class ApiDocsBrowserTests
{
    [Test]
    public async Task Api_docs_page_lists_the_API_operations_with_no_CSP_violation()
    {
        var bundle = Path.Combine(BoardApp.SampleDirectory(), MessageBoardApp.DocsUiDirectory, "swagger-ui-bundle.js");
        if (!File.Exists(bundle))
        {
            Assert.Ignore($"{bundle} is missing: run npm ci in samples/MessageBoard (the build does when npm is on PATH)");
        }

        using var browser = HeadlessChromium.Desktop(1280, 900);
        await using var app = await BoardApp.StartAsync(null, "--Authentication:Bearer:SigningKeys:0=" + Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)));
        using (var client = app.CreateClient())
        using (var page = await client.GetAsync("/docs"))
        {
            Assert.That(page.Headers.GetValues("Content-Security-Policy"), Is.EqualTo(new[] { MessageBoardApp.DocsContentSecurityPolicy }));
        }
        _ = Console(browser);

        browser.Open(new Uri(app.BaseAddress, "/docs"));
        var wait = new WebDriverWait(browser.Driver, TimeSpan.FromSeconds(15))
        {
            Message = "Swagger UI rendered no operations",
            PollingInterval = TimeSpan.FromMilliseconds(100),
        };
        wait.Until(_ => browser.FindAll(".opblock").Count >= 5);
        var operations = browser.FindAll(".opblock-summary")
            .Select(summary => summary.FindElement(By.CssSelector(".opblock-summary-method")).Text + " " + summary.FindElement(By.CssSelector(".opblock-summary-path")).GetAttribute("data-path"))
            .ToList();
        var console = Console(browser);

        Assert.That(operations, Is.EquivalentTo(new[]
        {
            "GET /api/messages", "POST /api/messages", "GET /api/messages/{id}", "DELETE /api/messages/{id}", "POST /api/tokens",
        }));
        Assert.That(browser.Find(".info .title").Text, Does.StartWith("MessageBoard"), "the document's title");
        Assert.That(browser.FindAll(".auth-wrapper .authorize"), Has.Count.EqualTo(1), "the cookie and bearer schemes give an Authorize button");
        Assert.That(console.Where(m => m.Contains("Content Security Policy", StringComparison.Ordinal)), Is.Empty);
        // The browser's own /favicon.ico request aside (the page names no icon), every file loaded.
        Assert.That(console.Where(m => m.Contains("Failed to load", StringComparison.Ordinal) && !m.Contains("/favicon.ico", StringComparison.Ordinal)), Is.Empty);
    }

    /// <summary>The console since the last call (the log is drained as it is read).</summary>
    private static List<string> Console(HeadlessChromium browser) =>
        [.. browser.Driver.Manage().Logs.GetLog(LogType.Browser).Select(entry => entry.Message)];
}
