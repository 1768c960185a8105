using System.Globalization;

namespace MicroWeb.Tests.Security;

/// <summary>
/// Pins, attribute by attribute and in order, the Set-Cookie lines of every cookie the framework sets itself
/// (they share Security/SecureCookieDefaults): a change to one of them has to change this test.
/// The test server speaks plain HTTP, so none of them is Secure.
/// </summary>
public class FrameworkCookieAttributesTests
{
    private const string Expired = "Expires=Thu, 01 Jan 1970 00:00:00 GMT";

    [Test]
    public async Task Authentication_cookie_sign_in_and_sign_out()
    {
        var clock = new ManualClock();
        await using var app = await SecurityTestApp.StartAsync(clock: clock);
        using var client = app.Server.CreateClient();

        var expires = (clock.Now + new AuthenticationOptions().ExpireTimeSpan).UtcDateTime.ToString("R", CultureInfo.InvariantCulture);
        Assert.That(await SetCookieAsync(client, "/signin/42", "microweb.auth"), Is.EqualTo($"Path=/; Expires={expires}; HttpOnly; SameSite=Lax"));
        Assert.That(await SetCookieAsync(client, "/signout", "microweb.auth", expectEmpty: true), Is.EqualTo($"Path=/; {Expired}; HttpOnly; SameSite=Lax"));
    }

    [Test]
    public async Task Flash_cookie_set_and_taken()
    {
        await using var app = await SecurityTestApp.StartAsync();
        using var client = app.Server.CreateClient();

        using var set = await client.GetAsync("/flash/set");
        var line = set.Headers.GetValues("Set-Cookie").Single();
        Assert.That(Attributes(line, "microweb.flash"), Is.EqualTo("Path=/; Max-Age=300; HttpOnly; SameSite=Lax"));

        using var take = new HttpRequestMessage(HttpMethod.Get, "/flash");
        take.Headers.Add("Cookie", line[..line.IndexOf(';')]);
        using var taken = await client.SendAsync(take);
        Assert.That(await taken.Content.ReadAsStringAsync(), Is.EqualTo("Message posted."));
        var deletion = taken.Headers.GetValues("Set-Cookie").Single();
        Assert.That(deletion, Does.StartWith("microweb.flash=;"));
        Assert.That(Attributes(deletion, "microweb.flash"), Is.EqualTo($"Path=/; {Expired}; HttpOnly; SameSite=Lax"));
    }

    [Test]
    public async Task Antiforgery_cookie_is_strict()
    {
        await using var app = await SecurityTestApp.StartAsync();
        using var client = app.Server.CreateClient();

        Assert.That(await SetCookieAsync(client, "/form", "microweb.csrf"), Is.EqualTo("Path=/; HttpOnly; SameSite=Strict"));
    }

    private static async Task<string> SetCookieAsync(HttpClient client, string path, string name, bool expectEmpty = false)
    {
        using var response = await client.GetAsync(path);
        // Signing in or out also replaces the antiforgery secret; each cookie is checked on its own.
        var line = response.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith(name + "=", StringComparison.Ordinal));
        Assert.That(line, expectEmpty ? Does.StartWith(name + "=;") : Does.StartWith(name + "=").And.Not.StartWith(name + "=;"));
        return Attributes(line, name);
    }

    /// <summary>Everything after <c>name=value; </c>.</summary>
    private static string Attributes(string setCookie, string name)
    {
        Assert.That(setCookie, Does.StartWith(name + "="));
        var semicolon = setCookie.IndexOf("; ", StringComparison.Ordinal);
        Assert.That(semicolon, Is.GreaterThan(0), setCookie);
        return setCookie[(semicolon + 2)..];
    }
}
