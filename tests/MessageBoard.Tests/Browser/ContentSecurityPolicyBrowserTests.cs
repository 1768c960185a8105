using MicroWeb;
using OpenQA.Selenium;

namespace MessageBoard.Tests.Browser;

/// <summary>
/// The board's strict Content-Security-Policy in a real Chromium: the whole flow runs without a violation, and the same
/// policy does block (and report) an inline script, so "no violation" is a result that could have failed.
/// Violations are read from the browser's console log, which also holds those raised while a page loads.
/// </summary>
[Parallelizable(ParallelScope.None)]
public sealed class ContentSecurityPolicyBrowserTests
{
    private const string StrictPolicy = "default-src 'self'; frame-ancestors 'none'; form-action 'self'; base-uri 'none'; object-src 'none'";
    private const string Password = "correct horse battery";

    [Test]
    public async Task The_board_sends_a_strict_policy_and_register_log_in_post_report_no_violation()
    {
        using var browser = HeadlessChromium.Desktop(1280, 900);
        await using var app = await BoardApp.StartAsync();
        using (var client = app.CreateClient())
        using (var response = await client.GetAsync("/login"))
        {
            Assert.That(response.Headers.GetValues("Content-Security-Policy"), Is.EqualTo(new[] { StrictPolicy }));
            Assert.That(response.Headers.GetValues("X-Frame-Options"), Is.EqualTo(new[] { "DENY" }), "the login page cannot be framed");
        }
        _ = Violations(browser);

        browser.Open(app.BaseAddress);
        browser.ClickAndWaitForPage(".nav a[href='/register']");
        browser.Type("#username", "grace");
        browser.Type("#password", Password);
        browser.ClickAndWaitForPage("form[action='/register'] button");
        browser.ClickAndWaitForPage("form[action='/logout'] button");
        browser.ClickAndWaitForPage(".nav a[href='/login']");
        browser.Type("#username", "grace");
        browser.Type("#password", Password);
        browser.ClickAndWaitForPage("form[action='/login'] button");
        browser.Type("#text", "Posted under a strict CSP.");
        browser.ClickAndWaitForPage("form[action='/messages'] button");
        Assert.That(browser.Find(".flash").Text, Is.EqualTo("Message posted."), "the flow got to the end");
        Assert.That(browser.Script<bool>(
            "return [...document.styleSheets].some(s => s.href.endsWith('/static/site.css') && s.cssRules.length > 0)"),
            Is.True, "the stylesheet is allowed by default-src 'self'");

        Assert.That(Violations(browser), Is.Empty);
    }

    [Test]
    public async Task The_same_policy_blocks_and_reports_an_inline_script()
    {
        using var browser = HeadlessChromium.Desktop(1024, 768);
        await using var site = await TestSite.StartAsync(app =>
        {
            app.UseSecurityHeaders(new SecurityHeadersOptions { ContentSecurityPolicy = StrictPolicy });
            TestSite.Page(app, "/inline", "<!doctype html><title>before</title><script>document.title = 'inline ran';</script><p>page</p>");
            TestSite.Page(app, "/clean", "<!doctype html><title>clean</title><p>page</p>");
        });
        _ = Violations(browser);

        browser.Open(new Uri(site.BaseAddress, "/clean"));
        Assert.That(Violations(browser), Is.Empty, "a page without inline script reports nothing");

        browser.Open(new Uri(site.BaseAddress, "/inline"));
        Assert.That(browser.Driver.Title, Is.EqualTo("before"), "the inline script did not run");
        Assert.That(Violations(browser), Has.Some.Contains("inline script"));
    }

    /// <summary>CSP messages in the console since the last call (the log is drained as it is read).</summary>
    private static List<string> Violations(HeadlessChromium browser) =>
        [.. browser.Driver.Manage().Logs.GetLog(LogType.Browser)
            .Select(entry => entry.Message)
            .Where(message => message.Contains("Content Security Policy", StringComparison.Ordinal))];
}
