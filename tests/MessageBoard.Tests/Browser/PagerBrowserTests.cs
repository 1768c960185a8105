using MessageBoard.Data;
using Microsoft.Extensions.DependencyInjection;
using OpenQA.Selenium.Support.UI;

namespace MessageBoard.Tests.Browser;

/// <summary>
/// The pager in Chromium: "Older" swaps the next page's list in place (no page load) and Back swaps the earlier one in
/// again, except for the live first page, which is loaded.
/// </summary>
[Parallelizable(ParallelScope.None)]
public sealed class PagerBrowserTests
{
    [Test]
    public async Task Older_loads_the_next_page_in_place_and_back_restores_the_first()
    {
        using var browser = HeadlessChromium.Desktop(1280, 900);
        await using var app = await BoardApp.StartAsync();
        using (var client = await BoardApp.RegisterAsync(app, "ada"))
        {
            var user = await app.App.Services.GetRequiredService<IUserStore>().FindByNameAsync("ada");
            var store = app.App.Services.GetRequiredService<IMessageStore>();
            for (int i = 1; i <= 45; i++) await store.AddAsync(user!.Id, $"Message number {i}.");
        }
        var wait = new WebDriverWait(browser.Driver, TimeSpan.FromSeconds(10)) { PollingInterval = TimeSpan.FromMilliseconds(50) };
        // The pager replaces the block it polls: an element found just before the swap goes stale; look again.
        wait.IgnoreExceptionTypes(typeof(OpenQA.Selenium.StaleElementReferenceException), typeof(OpenQA.Selenium.NoSuchElementException));

        browser.Open(app.BaseAddress);
        // A page load would lose this; a swap in place keeps it.
        browser.Script<object?>("window.sameDocument = true; return null;");
        browser.Find(".pager a[rel='next']").Click();
        wait.Message = "page 2 never appeared";
        wait.Until(_ => browser.Find(".pager-status").Text == "Page 2 of 3");

        Assert.That(browser.Script<bool>("return window.sameDocument === true"), Is.True, "no page load");
        Assert.That(browser.Driver.Url, Does.EndWith("/?page=2"));
        Assert.That(browser.FindAll("li.message"), Has.Count.EqualTo(20));
        Assert.That(browser.Find("li.message").Text, Does.Contain("Message number 25."));
        Assert.That(browser.FindAll("[data-pager]"), Has.Count.EqualTo(1));

        browser.Find(".pager a[rel='next']").Click();
        wait.Message = "page 3 never appeared";
        wait.Until(_ => browser.Find(".pager-status").Text == "Page 3 of 3");
        browser.Driver.Navigate().Back();
        wait.Message = "Back never swapped page 2 in again";
        wait.Until(_ => browser.Find(".pager-status").Text == "Page 2 of 3");
        Assert.That(browser.Script<bool>("return window.sameDocument === true"), Is.True, "Back swapped too");
        Assert.That(browser.Driver.Url, Does.EndWith("/?page=2"));

        // The first page's list is live (board-live.js), so going back to it loads the page rather than swapping.
        browser.Driver.Navigate().Back();
        wait.Message = "page 1 never came back";
        wait.Until(_ => browser.Find(".pager-status").Text == "Page 1 of 3");
        Assert.That(browser.Find("li.message").Text, Does.Contain("Message number 45."));
        Assert.That(browser.FindAll("ul.messages[data-events]"), Has.Count.EqualTo(1), "the live list is back");
    }
}
