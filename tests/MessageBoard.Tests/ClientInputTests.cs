using System.Net;

namespace MessageBoard.Tests;

/// <summary>Requests a mutation fuzzer found answered with 500: malformed client input must be a 4xx, or just work.</summary>
public sealed class ClientInputTests
{
    [TestCase("!")]
    [TestCase("=")]
    [TestCase("\u00e9")]
    public async Task A_malformed_csrf_token_with_a_valid_cookie_is_400(string badCharacter)
    {
        await using var board = new BoardHost();
        var client = board.CreateClient();
        // The real token has the right length; replacing its first character keeps the length and breaks base64url.
        string token = BoardApp.Csrf(await client.GetStringAsync("/login"));

        using var response = await client.PostAsync("/login", new FormUrlEncodedContent(
            [new("username", "ada"), new("password", "correct horse"), new("__csrf", badCharacter + token[1..])]));

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest), await response.Content.ReadAsStringAsync());
    }

    [TestCase("/caf%C3%A9", HttpStatusCode.NotFound)]
    [TestCase("/?from=caf%C3%A9", HttpStatusCode.OK)]
    public async Task Login_with_a_non_ascii_return_url_redirects_to_it_percent_encoded(string encodedReturnUrl, HttpStatusCode followUp)
    {
        await using var board = new BoardHost();
        (await board.RegisterAsync("ada")).Dispose();
        var client = board.CreateClient();
        string returnUrl = Uri.UnescapeDataString(encodedReturnUrl);

        using var login = await BoardApp.PostFormAsync(client, "/login?returnUrl=" + Uri.EscapeDataString(returnUrl), "/login",
            ("username", "ada"), ("password", "correct horse"), ("returnUrl", returnUrl));

        Assert.That(login.StatusCode, Is.EqualTo(HttpStatusCode.Found), await login.Content.ReadAsStringAsync());
        string location = login.Headers.Location!.OriginalString;
        Assert.That(location, Is.EqualTo(encodedReturnUrl));
        Assert.That(location.All(char.IsAscii), Is.True);
        using var next = await client.GetAsync(location);
        Assert.That(next.StatusCode, Is.EqualTo(followUp));
        if (followUp == HttpStatusCode.OK) Assert.That(await next.Content.ReadAsStringAsync(), Does.Contain("Welcome back, ada!"));
    }
}
