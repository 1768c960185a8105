using MessageBoard.Data;
using Microsoft.Extensions.DependencyInjection;

namespace MessageBoard.Tests.Browser;

/// <summary>The message board in a real, headless Chromium: forms typed into and submitted, pages measured and photographed.</summary>
[Parallelizable(ParallelScope.None)]
public sealed class BrowserFlowTests
{
    private const string Password = "correct horse battery";

    [Test]
    public async Task Register_log_in_post_and_log_out_in_a_real_browser()
    {
        using var browser = HeadlessChromium.Desktop(1280, 900);
        await using var app = await BoardApp.StartAsync();

        browser.Open(app.BaseAddress);
        AssertAnonymous(browser);
        Assert.That(browser.Script<bool>(
            "return [...document.styleSheets].some(s => s.href.endsWith('/static/site.css') && s.cssRules.length > 0)"),
            Is.True, "the stylesheet loaded");
        Assert.That(browser.Script<long>("return document.querySelector('.brand img').naturalWidth"), Is.GreaterThan(0), "the SVG logo loaded");

        browser.ClickAndWaitForPage(".nav a[href='/register']");
        browser.Type("#username", "ada");
        browser.Type("#password", Password);
        browser.ClickAndWaitForPage("form[action='/register'] button");
        Assert.That(browser.Find(".flash").Text, Is.EqualTo("Welcome, ada!"));
        Assert.That(browser.Find(".nav-user").Text, Is.EqualTo("@ada"));

        browser.ClickAndWaitForPage("form[action='/logout'] button");
        AssertAnonymous(browser);
        browser.ClickAndWaitForPage(".nav a[href='/login']");
        browser.Type("#username", "ada");
        browser.Type("#password", Password);
        browser.ClickAndWaitForPage("form[action='/login'] button");
        Assert.That(browser.Find(".flash").Text, Is.EqualTo("Welcome back, ada!"));

        const string text = "Hello from a real browser! <b>This is not bold.</b>";
        browser.Type("#text", text);
        browser.ClickAndWaitForPage("form[action='/messages'] button");
        Assert.That(browser.Find(".flash").Text, Is.EqualTo("Message posted."));
        var messages = browser.FindAll(".messages .message");
        Assert.That(messages, Has.Count.EqualTo(1));
        Assert.That(browser.Find(".message .message-text").Text, Is.EqualTo(text), "markup in a message shows as text");
        Assert.That(browser.FindAll(".message-text b"), Is.Empty);
        Assert.That(browser.Find(".message .author").Text, Is.EqualTo("@ada"));
        Assert.That(browser.Find(".message .author").GetDomAttribute("href"), Is.EqualTo("/users/ada"));
        Assert.That(browser.FindAll(".message form[action$='/delete'] button"), Has.Count.EqualTo(1), "the author may delete it");
        browser.SaveScreenshot("after-post");

        browser.ClickAndWaitForPage("form[action='/logout'] button");
        Assert.That(browser.Find(".flash").Text, Is.EqualTo("You are logged out."));
        AssertAnonymous(browser);
        Assert.That(browser.FindAll("form[action='/messages']"), Is.Empty, "no compose form when logged out");
        Assert.That(browser.Find(".message .message-text").Text, Is.EqualTo(text), "the board stays readable");
        Assert.That(browser.FindAll(".message form[action$='/delete']"), Is.Empty);
    }

    [Test]
    public async Task Pages_fit_a_phone_screen_without_horizontal_scrolling()
    {
        using var browser = HeadlessChromium.Phone(390, 844);
        await using var app = await BoardApp.StartAsync();

        // The widest content the app allows: a 20-character name in the header and in every message,
        // an unbroken 300-character word, and more than one page of messages so the pager shows.
        const string name = "abcdefghij_klmnopqrs";
        (await BoardApp.RegisterAsync(app, name, Password)).Dispose();
        var user = await app.App.Services.GetRequiredService<IUserStore>().FindByNameAsync(name);
        var store = app.App.Services.GetRequiredService<IMessageStore>();
        for (int i = 1; i <= 21; i++) await store.AddAsync(user!.Id, $"Message number {i}.");
        await store.AddAsync(user!.Id, "https://example.com/" + new string('x', 300));

        browser.Open(new Uri(app.BaseAddress, "/login"));
        browser.Type("#username", name);
        browser.Type("#password", Password);
        browser.ClickAndWaitForPage("form[action='/login'] button");
        Assert.That(browser.Find(".nav-user").Text, Is.EqualTo("@" + name));

        foreach (string path in new[] { "/", "/?page=2", $"/users/{name}", "/login", "/register" })
        {
            browser.Open(new Uri(app.BaseAddress, path));
            long scrollWidth = browser.Script<long>("return document.documentElement.scrollWidth");
            long clientWidth = browser.Script<long>("return document.documentElement.clientWidth");
            Assert.That(scrollWidth, Is.LessThanOrEqualTo(clientWidth), $"{path} scrolls sideways on a phone");
            // A phone zooms out a page that has no viewport meta tag (or is too wide) to a wider layout viewport.
            Assert.That(browser.Script<long>("return window.innerWidth"), Is.EqualTo(390), $"{path} is laid out at the phone's width");
        }

        browser.Open(app.BaseAddress);
        Assert.That(browser.FindAll(".pager a[rel='next']"), Has.Count.EqualTo(1));
        browser.SaveScreenshot("phone-board");
    }

    private static void AssertAnonymous(HeadlessChromium browser)
    {
        Assert.That(browser.FindAll(".nav a[href='/login']"), Has.Count.EqualTo(1), "a Log in link");
        Assert.That(browser.FindAll(".nav a[href='/register']"), Has.Count.EqualTo(1), "a Register link");
        Assert.That(browser.FindAll(".nav-user"), Is.Empty, "no user name");
        Assert.That(browser.FindAll("form[action='/logout']"), Is.Empty, "no Log out button");
    }
}
