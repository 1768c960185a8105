using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using MicroWeb.Tests.Support;

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
    public async Task Json_post_needs_no_token_because_browsers_preflight_it()
    {
        await using var app = await SecurityTestApp.StartAsync();

        using var json = await app.Client.PostAsync("/api", new StringContent("{\"a\":1}", Encoding.UTF8, "application/json"));
        using var problem = await app.Client.PostAsync("/api", new StringContent("{}", Encoding.UTF8, "application/problem+json"));

        Assert.That(json.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(await json.Content.ReadAsStringAsync(), Is.EqualTo("api"));
        Assert.That(problem.StatusCode, Is.EqualTo(HttpStatusCode.OK));
    }

    [TestCase("text/plain")]
    [TestCase("text/plain; charset=utf-8")]
    [TestCase("application/octet-stream")]
    [TestCase("application/json, text/plain")]
    [TestCase("application/jsonx")]
    public async Task Any_other_unsafe_body_needs_the_token(string contentType)
    {
        await using var app = await SecurityTestApp.StartAsync();
        string token = await FetchTokenAsync(app);

        using var without = await app.Client.PostAsync("/api", Body(contentType));
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api") { Content = Body(contentType) };
        request.Headers.Add("X-CSRF-Token", token);
        using var with = await app.Client.SendAsync(request);

        Assert.That(without.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest), contentType);
        Assert.That(with.StatusCode, Is.EqualTo(HttpStatusCode.OK), contentType);
    }

    private static ByteArrayContent Body(string contentType)
    {
        var content = new ByteArrayContent("{}"u8.ToArray());
        content.Headers.TryAddWithoutValidation("Content-Type", contentType);
        return content;
    }

    [Test]
    public async Task An_unsafe_request_without_a_body_needs_the_token()
    {
        await using var app = await SecurityTestApp.StartAsync();
        string token = await FetchTokenAsync(app);

        using var without = await app.Client.PostAsync("/api", null);
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api");
        request.Headers.Add("X-CSRF-Token", token);
        using var with = await app.Client.SendAsync(request);

        Assert.That(without.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(with.StatusCode, Is.EqualTo(HttpStatusCode.OK));
    }

    [Test]
    public async Task A_token_from_before_sign_in_is_refused_after_it()
    {
        await using var app = await SecurityTestApp.StartAsync();
        string anonymous = await FetchTokenAsync(app);
        using var signIn = await app.Client.GetAsync("/signin/ada");

        using var stale = await PostFormAsync(app, ("__csrf", anonymous));
        string fresh = await FetchTokenAsync(app);
        using var accepted = await PostFormAsync(app, ("__csrf", fresh));

        Assert.That(signIn.Headers.GetValues("Set-Cookie"), Has.Some.StartWith("microweb.csrf="), "signing in replaces the secret");
        Assert.That(stale.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(fresh, Is.Not.EqualTo(anonymous));
        Assert.That(accepted.StatusCode, Is.EqualTo(HttpStatusCode.OK));
    }

    [Test]
    public async Task A_token_from_before_sign_out_is_refused_after_it()
    {
        await using var app = await SecurityTestApp.StartAsync();
        using var signIn = await app.Client.GetAsync("/signin/ada");
        string signedIn = await FetchTokenAsync(app);
        using var signOut = await app.Client.GetAsync("/signout");

        using var stale = await PostFormAsync(app, ("__csrf", signedIn));

        Assert.That(signOut.Headers.GetValues("Set-Cookie"), Has.Some.StartWith("microweb.csrf="), "signing out replaces the secret");
        Assert.That(stale.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
    }

    [Test]
    public async Task A_token_is_bound_to_the_user_even_with_the_same_secret()
    {
        await using var app = await SecurityTestApp.StartAsync();
        using var signIn = await app.Client.GetAsync("/signin/ada");
        string adasToken = await FetchTokenAsync(app);
        // Another browser signed in as bob, given ada's csrf cookie (say, planted): its secret is ada's, its user is not.
        var csrfCookie = app.Cookie("microweb.csrf")!.Value;
        var bobsCookies = new CookieContainer();
        using (var bobsBrowser = new HttpClient(new HttpClientHandler { CookieContainer = bobsCookies, AllowAutoRedirect = false }) { BaseAddress = app.Server.BaseAddress })
        {
            using var bobSignsIn = await bobsBrowser.GetAsync("/signin/bob");
        }
        string bobsAuth = bobsCookies.GetCookies(app.Server.BaseAddress)["microweb.auth"]!.Value;
        using var bob = new HttpClient(new HttpClientHandler { UseCookies = false }) { BaseAddress = app.Server.BaseAddress };
        using var request = new HttpRequestMessage(HttpMethod.Post, "/form") { Content = new FormUrlEncodedContent([KeyValuePair.Create("__csrf", adasToken)]) };
        request.Headers.Add("Cookie", $"microweb.csrf={csrfCookie}; microweb.auth={bobsAuth}");

        using var response = await bob.SendAsync(request);
        // The same request as ada is accepted: only the user differs.
        using var asAda = new HttpRequestMessage(HttpMethod.Post, "/form") { Content = new FormUrlEncodedContent([KeyValuePair.Create("__csrf", adasToken)]) };
        asAda.Headers.Add("Cookie", $"microweb.csrf={csrfCookie}; microweb.auth={app.Cookie("microweb.auth")!.Value}");
        using var adasResponse = await bob.SendAsync(asAda);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(adasResponse.StatusCode, Is.EqualTo(HttpStatusCode.OK));
    }

    [Test]
    public async Task A_wrong_header_token_is_refused_before_the_body_is_read()
    {
        await using var app = await SecurityTestApp.StartAsync();
        string token = await FetchTokenAsync(app);
        var csrfCookie = app.Cookie("microweb.csrf")!.Value;
        using var connection = await app.Server.ConnectAsync();

        // Another first character: the last one carries two padding bits, so changing it may not change the bytes.
        string wrong = (token[0] == 'A' ? 'B' : 'A') + token[1..];
        // Announces 10 MB and sends none of it: an answer can only come from the header check.
        await connection.SendAsync($"POST /form HTTP/1.1\r\nHost: x\r\nCookie: microweb.csrf={csrfCookie}\r\nX-CSRF-Token: {wrong}\r\n"
            + "Content-Type: application/x-www-form-urlencoded\r\nContent-Length: 10000000\r\n\r\n");
        var response = await connection.ReadResponseAsync();

        Assert.That(response.StatusCode, Is.EqualTo(400));
        Assert.That(response.BodyText, Is.EqualTo("Missing or invalid antiforgery token."));
    }

    [Test]
    public async Task An_endpoint_marked_IgnoreAntiforgeryToken_is_not_checked_and_its_neighbours_still_are()
    {
        await using var server = await TestServer.StartAsync(null, args: ["--Security:Key", SecurityTestApp.NewKey()], configurePipeline: app =>
        {
            app.UseAntiforgery();
            app.MapPost("/webhook", [IgnoreAntiforgeryToken] () => "hooked");
            app.MapPost("/form", () => "posted");
            app.MapControllers(typeof(HookController));
        });
        using var client = server.CreateClient();

        using var hook = await client.PostAsync("/webhook", new StringContent("{}", Encoding.UTF8, "text/plain"));
        using var action = await client.PostAsync("/hooks/github", new FormUrlEncodedContent([KeyValuePair.Create("a", "b")]));
        using var form = await client.PostAsync("/form", new StringContent("{}", Encoding.UTF8, "text/plain"));
        using var wrongMethod = await client.PutAsync("/webhook", new StringContent("{}", Encoding.UTF8, "text/plain"));

        Assert.That(hook.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(await hook.Content.ReadAsStringAsync(), Is.EqualTo("hooked"));
        Assert.That(action.StatusCode, Is.EqualTo(HttpStatusCode.OK), "the controller-level attribute covers its actions");
        Assert.That(form.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(wrongMethod.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest), "only the endpoint the request reaches is exempt");
    }

    [TestCase("application/json", true)]
    [TestCase("Application/JSON; charset=utf-8", true)]
    [TestCase(" application/json ", true)]
    [TestCase("application/problem+json", true)]
    [TestCase("application/vnd.api+json;v=2", true)]
    [TestCase("application/x-www-form-urlencoded", false)]
    [TestCase("text/plain", false)]
    [TestCase("application/json, text/plain", false)]
    [TestCase("application/", false)]
    [TestCase("/json", false)]
    [TestCase("+json", false)]
    [TestCase("", false)]
    [TestCase(null, false)]
    public void Json_content_types_are_recognised_strictly(string? contentType, bool expected)
    {
        Assert.That(MicroWeb.Security.AntiforgeryMiddleware.IsJson(contentType), Is.EqualTo(expected));
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

[IgnoreAntiforgeryToken]
public sealed class HookController : Controller
{
    [HttpPost("/hooks/github")]
    public string GitHub() => "github";
}
