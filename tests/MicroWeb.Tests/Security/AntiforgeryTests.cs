using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;

namespace MicroWeb.Tests.Security;

public class AntiforgeryTests
{
    private static async Task<string> FetchTokenAsync(SecurityTestApp app)
    {
        string field = await app.GetStringAsync("/form");
        Match match = Regex.Match(field, "^<input type=\"hidden\" name=\"__csrf\" value=\"([A-Za-z0-9_-]+)\">$");
        Assert.That(match.Success, Is.True, field);
        return match.Groups[1].Value;
    }

    private static Task<HttpResponseMessage> PostFormAsync(SecurityTestApp app, params (string Name, string Value)[] fields) =>
        app.Client.PostAsync("/form", new FormUrlEncodedContent(fields.Select(f => KeyValuePair.Create(f.Name, f.Value))));

    [Test]
    public async Task Form_post_with_the_right_token_is_accepted()
    {
        await using var app = await SecurityTestApp.StartAsync();
        string token = await FetchTokenAsync(app);

        using var response = await PostFormAsync(app, ("text", "hi"), ("__csrf", token));

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(await response.Content.ReadAsStringAsync(), Is.EqualTo("posted"));
    }

    [Test]
    public async Task Form_post_with_the_token_in_the_header_is_accepted()
    {
        await using var app = await SecurityTestApp.StartAsync();
        string token = await FetchTokenAsync(app);
        using var request = new HttpRequestMessage(HttpMethod.Post, "/form") { Content = new FormUrlEncodedContent([KeyValuePair.Create("text", "hi")]) };
        request.Headers.Add("X-CSRF-Token", token);

        using var response = await app.Client.SendAsync(request);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
    }

    [Test]
    public async Task Form_post_without_a_token_is_rejected_with_400()
    {
        await using var app = await SecurityTestApp.StartAsync();
        await FetchTokenAsync(app);

        using var response = await PostFormAsync(app, ("text", "hi"));

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(await response.Content.ReadAsStringAsync(), Is.EqualTo("Missing or invalid antiforgery token."));
    }

    [Test]
    public async Task Form_post_with_a_wrong_token_is_rejected_with_400()
    {
        await using var app = await SecurityTestApp.StartAsync();
        string token = await FetchTokenAsync(app);
        string wrong = System.Buffers.Text.Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(32));

        foreach (string submitted in new[] { wrong, token[..^1], token + "A", "x" })
        {
            using var response = await PostFormAsync(app, ("__csrf", submitted));
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest), submitted);
        }
    }

    [Test]
    public async Task Form_post_with_a_token_of_the_right_length_but_outside_the_base64url_alphabet_is_rejected_with_400()
    {
        await using var app = await SecurityTestApp.StartAsync();
        string token = await FetchTokenAsync(app);

        // Each has the length of a real token, so only the decoder can tell it is wrong.
        foreach (string submitted in new[] { "!" + token[1..], token[..^1] + "=", token[..^1] + "\u00e9", token[..^1] + " ", token[..^1] + "+" })
        {
            using var response = await PostFormAsync(app, ("__csrf", submitted));
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest), submitted);
        }
    }

    [Test]
    public async Task Form_post_with_a_header_token_outside_the_base64url_alphabet_is_rejected_with_400()
    {
        await using var app = await SecurityTestApp.StartAsync();
        string token = await FetchTokenAsync(app);

        foreach (string submitted in new[] { "*" + token[1..], token[..^1] + "=", token[..^1] + "/" })
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "/form") { Content = new FormUrlEncodedContent([KeyValuePair.Create("text", "hi")]) };
            request.Headers.Add("X-CSRF-Token", submitted);
            using var response = await app.Client.SendAsync(request);
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest), submitted);
        }
    }

    [Test]
    public async Task Form_post_with_a_token_but_without_the_cookie_is_rejected()
    {
        await using var app = await SecurityTestApp.StartAsync();
        string token = await FetchTokenAsync(app);
        using var cookieless = app.Server.CreateClient();

        using var response = await cookieless.PostAsync("/form", new FormUrlEncodedContent([KeyValuePair.Create("__csrf", token)]));

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
    }

    [Test]
    public async Task Token_cookie_is_httponly_and_samesite_strict_and_the_token_stays_the_same()
    {
        await using var app = await SecurityTestApp.StartAsync();
        using var first = await app.Client.GetAsync("/form");
        string setCookie = first.Headers.GetValues("Set-Cookie").Single();
        Assert.That(setCookie, Does.StartWith("microweb.csrf="));
        Assert.That(setCookie, Does.Contain("HttpOnly").IgnoreCase.And.Contain("SameSite=Strict").IgnoreCase);

        using var second = await app.Client.GetAsync("/form");
        Assert.That(second.Headers.Contains("Set-Cookie"), Is.False, "the cookie is reused");
        Assert.That(await second.Content.ReadAsStringAsync(), Is.EqualTo(await first.Content.ReadAsStringAsync()));
    }

    [Test]
    public async Task Safe_methods_are_not_checked()
    {
        await using var app = await SecurityTestApp.StartAsync();

        using var response = await app.Client.GetAsync("/me");

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
    }

    [Test]
    public async Task Json_post_is_not_checked_by_the_form_rule()
    {
        await using var app = await SecurityTestApp.StartAsync();

        using var response = await app.Client.PostAsync("/api", new StringContent("{\"a\":1}", Encoding.UTF8, "application/json"));

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(await response.Content.ReadAsStringAsync(), Is.EqualTo("api"));
    }

    [Test]
    public async Task Multipart_form_post_is_checked_too()
    {
        await using var app = await SecurityTestApp.StartAsync();
        string token = await FetchTokenAsync(app);

        using var without = await app.Client.PostAsync("/form", new MultipartFormDataContent { { new StringContent("hi"), "text" } });
        using var with = await app.Client.PostAsync("/form", new MultipartFormDataContent { { new StringContent(token), "__csrf" } });

        Assert.That(without.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(with.StatusCode, Is.EqualTo(HttpStatusCode.OK));
    }
}
