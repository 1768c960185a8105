using System.Net;

namespace MicroWeb.Tests.Security;

public class FlashTests
{
    [Test]
    public async Task Flash_message_is_shown_once_on_the_next_request()
    {
        await using var app = await SecurityTestApp.StartAsync();
        Assert.That(await app.GetStringAsync("/flash"), Is.EqualTo("(none)"));

        await app.GetStringAsync("/flash/set");

        Assert.That(await app.GetStringAsync("/flash"), Is.EqualTo("Message posted."));
        Assert.That(await app.GetStringAsync("/flash"), Is.EqualTo("(none)"));
    }

    [Test]
    public async Task Flash_cookie_is_encrypted_and_short_lived()
    {
        await using var app = await SecurityTestApp.StartAsync();

        using var response = await app.Client.GetAsync("/flash/set");

        string setCookie = response.Headers.GetValues("Set-Cookie").Single();
        Assert.That(setCookie, Does.StartWith("microweb.flash=").And.Not.Contain("posted"));
        Assert.That(setCookie, Does.Contain("Max-Age=300").IgnoreCase.And.Contain("HttpOnly").IgnoreCase);
    }

    [Test]
    public async Task Altered_flash_cookie_yields_no_message()
    {
        await using var app = await SecurityTestApp.StartAsync();
        using var plain = app.Server.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/flash");
        request.Headers.Add("Cookie", "microweb.flash=forged");

        using var response = await plain.SendAsync(request);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(await response.Content.ReadAsStringAsync(), Is.EqualTo("(none)"));
    }
}
