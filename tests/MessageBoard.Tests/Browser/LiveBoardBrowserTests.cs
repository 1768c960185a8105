using OpenQA.Selenium;
using OpenQA.Selenium.Support.UI;

namespace MessageBoard.Tests.Browser;

/// <summary>The live board in two real Chromiums: what one browser posts appears in the other without a reload (Server-Sent Events).</summary>
[Parallelizable(ParallelScope.None)]
public sealed class LiveBoardBrowserTests
{
    private const string Password = "correct horse battery";

    [Test]
    public async Task Sse_a_second_browser_sees_a_post_appear_without_reloading()
    {
        using var author = HeadlessChromium.Desktop(1280, 900);
        using var viewer = HeadlessChromium.Desktop(1280, 900);
        await using var app = await BoardApp.StartAsync();

        viewer.Open(app.BaseAddress);
        Assert.That(viewer.FindAll(".messages .empty"), Has.Count.EqualTo(1), "an empty board");
        // Survives only as long as this document: a reload or a navigation would drop it.
        viewer.Script<object?>("window.sameDocument = true; return null;");
        // No wait for the stream to open: the page subscribes with after=<newest shown>, so a post made before it is
        // connected is replayed, not lost.

        author.Open(new Uri(app.BaseAddress, "/register"));
        author.Type("#username", "ada");
        author.Type("#password", Password);
        author.ClickAndWaitForPage("form[action='/register'] button");
        author.Type("#text", "Seen live <b>not bold</b>");
        author.ClickAndWaitForPage("form[action='/messages'] button");

        WaitUntil(viewer, "the post appears", "return document.querySelectorAll('.messages .message').length === 1");
        Assert.That(viewer.Script<bool>("return window.sameDocument === true"), Is.True, "no reload happened");
        Assert.That(viewer.Find(".message .message-text").Text, Is.EqualTo("Seen live <b>not bold</b>"), "markup shows as text");
        Assert.That(viewer.FindAll(".message-text b"), Is.Empty);
        Assert.That(viewer.Find(".message .author").Text, Is.EqualTo("@ada"));
        Assert.That(viewer.FindAll(".messages .empty"), Is.Empty, "the placeholder is gone");
        Assert.That(viewer.FindAll(".message form[action$='/delete']"), Is.Empty, "an anonymous viewer gets no Delete button");
        viewer.SaveScreenshot("live-post");

        // The author's own page came from the redirect; the stream does not add the message a second time.
        author.Type("#text", "Second, seen live by both");
        author.ClickAndWaitForPage("form[action='/messages'] button");
        WaitUntil(viewer, "the second post appears on top", "return document.querySelector('.messages .message .message-text').textContent === 'Second, seen live by both'");
        Assert.That(author.FindAll(".messages .message"), Has.Count.EqualTo(2));
        Assert.That(viewer.FindAll(".messages .message"), Has.Count.EqualTo(2));
        Assert.That(viewer.Script<bool>("return window.sameDocument === true"), Is.True);
    }

    private static void WaitUntil(HeadlessChromium browser, string what, string script)
    {
        var wait = new WebDriverWait(browser.Driver, TimeSpan.FromSeconds(10)) { Message = what, PollingInterval = TimeSpan.FromMilliseconds(50) };
        wait.Until(driver => Equals(((IJavaScriptExecutor)driver).ExecuteScript(script), true));
    }
}
