using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using Microsoft.Extensions.DependencyInjection;
using MicroWeb.Tests.Support;
using static MicroWeb.Tests.Security.JwtBearerTokens;

namespace MicroWeb.Tests.Security;

/// <summary>JWT bearer over a real socket: [Authorize] with either scheme, the RFC 6750 challenges, and antiforgery.</summary>
public sealed class JwtBearerAuthenticationTests
{
    private static readonly byte[] s_secret = RandomNumberGenerator.GetBytes(32);
    private ManualClock _clock = null!;
    private TestServer _server = null!;
    private HttpClient _client = null!;

    [OneTimeSetUp]
    public async Task Start()
    {
        _clock = new ManualClock();
        _server = await TestServer.StartAsync(
            handler: null,
            configurePipeline: app =>
            {
                app.UseAuthentication();
                app.UseAntiforgery();
                app.MapGet("/me", (HttpContext context) => context.GetUser() is { IsAuthenticated: true } user ? $"{user.UserId} {user.Claims["role"]}" : "anonymous");
                app.MapGet("/signin/{id}", async (HttpContext context, string id) =>
                {
                    await context.SignInAsync(id, new Dictionary<string, string> { ["role"] = "cookie" });
                    return "signed in";
                });
                app.MapPost("/form", () => "posted");
                app.MapControllers(typeof(SecretController));
            },
            configureServices: services =>
            {
                services.AddSingleton<TimeProvider>(_clock);
                services.AddJwtBearer();
            },
            args:
            [
                "--Security:Key", SecurityTestApp.NewKey(),
                "--Authentication:Bearer:Issuer", Issuer,
                "--Authentication:Bearer:Audience", Audience,
                "--Authentication:Bearer:SigningKeys:0", Convert.ToBase64String(s_secret),
            ]);
        _client = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = false }) { BaseAddress = _server.BaseAddress };
    }

    [OneTimeTearDown]
    public async Task Stop()
    {
        _client.Dispose();
        await _server.DisposeAsync();
    }

    private string ValidToken() => Sign(Header("HS256"), Claims(_clock.GetUtcNow()), Hs256(s_secret));

    private async Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, string? bearer = null, string? accept = null, string? cookie = null, HttpContent? content = null)
    {
        using var request = new HttpRequestMessage(method, path) { Content = content };
        if (bearer is not null) request.Headers.TryAddWithoutValidation("Authorization", "Bearer " + bearer);
        if (accept is not null) request.Headers.TryAddWithoutValidation("Accept", accept);
        if (cookie is not null) request.Headers.TryAddWithoutValidation("Cookie", cookie);
        return await _client.SendAsync(request);
    }

    [Test]
    public async Task JwtBearer_a_valid_token_reaches_an_Authorize_endpoint_as_its_subject()
    {
        using var response = await SendAsync(HttpMethod.Get, "/secret", ValidToken());

        Assert.That((response.StatusCode, await response.Content.ReadAsStringAsync()), Is.EqualTo((HttpStatusCode.OK, "secret for ada")));
    }

    [Test]
    public async Task JwtBearer_the_scheme_name_is_case_insensitive_and_claims_become_the_users()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/me");
        request.Headers.TryAddWithoutValidation("Authorization", "bearer " + ValidToken());
        using var response = await _client.SendAsync(request);

        Assert.That(await response.Content.ReadAsStringAsync(), Is.EqualTo("ada admin"));
    }

    [Test]
    public async Task JwtBearer_a_cookie_still_reaches_an_Authorize_endpoint()
    {
        using var signIn = await _client.GetAsync("/signin/grace");
        var cookie = signIn.Headers.GetValues("Set-Cookie").First(c => c.StartsWith("microweb.auth=", StringComparison.Ordinal)).Split(';')[0];

        using var response = await SendAsync(HttpMethod.Get, "/secret", cookie: cookie);

        Assert.That((response.StatusCode, await response.Content.ReadAsStringAsync()), Is.EqualTo((HttpStatusCode.OK, "secret for grace")));
    }

    [Test]
    public async Task JwtBearer_an_invalid_token_gets_401_invalid_token_and_no_redirect_even_for_a_browser()
    {
        var expired = Sign(Header("HS256"), Claims(_clock.GetUtcNow(), expiresIn: TimeSpan.FromHours(-1)), Hs256(s_secret));

        using var response = await SendAsync(HttpMethod.Get, "/secret", expired, accept: "text/html");

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
        Assert.That(response.Headers.Location, Is.Null);
        Assert.That(response.Headers.GetValues("WWW-Authenticate").Single(), Is.EqualTo("Bearer error=\"invalid_token\", error_description=\"The token has expired.\""));
        Assert.That(AuthenticationHeaderValue.TryParse(response.Headers.GetValues("WWW-Authenticate").Single(), out var parsed), Is.True, "a valid challenge (RFC 9110 §11.6.1)");
        Assert.That(parsed!.Scheme, Is.EqualTo("Bearer"));
    }

    [Test]
    public async Task JwtBearer_an_invalid_token_does_not_fall_back_to_the_cookie()
    {
        using var signIn = await _client.GetAsync("/signin/grace");
        var cookie = signIn.Headers.GetValues("Set-Cookie").First(c => c.StartsWith("microweb.auth=", StringComparison.Ordinal)).Split(';')[0];

        using var response = await SendAsync(HttpMethod.Get, "/secret", "garbage", cookie: cookie);

        Assert.That((response.StatusCode, response.Headers.GetValues("WWW-Authenticate").Single()),
            Is.EqualTo((HttpStatusCode.Unauthorized, "Bearer error=\"invalid_token\", error_description=\"The token is not a signed JWT (header.payload.signature).\"")));
    }

    [Test]
    public async Task JwtBearer_an_invalid_token_on_a_public_endpoint_is_anonymous()
    {
        using var response = await SendAsync(HttpMethod.Get, "/me", "garbage");

        Assert.That((response.StatusCode, await response.Content.ReadAsStringAsync()), Is.EqualTo((HttpStatusCode.OK, "anonymous")));
    }

    [Test]
    public async Task JwtBearer_a_JSON_client_without_a_token_gets_401_with_the_Bearer_challenge()
    {
        using var response = await SendAsync(HttpMethod.Get, "/secret", accept: "application/json");

        Assert.That((response.StatusCode, response.Headers.GetValues("WWW-Authenticate").Single()), Is.EqualTo((HttpStatusCode.Unauthorized, "Bearer")));
    }

    [Test]
    public async Task JwtBearer_a_browser_without_a_token_is_still_redirected_to_the_login_page()
    {
        using var response = await SendAsync(HttpMethod.Get, "/secret", accept: "text/html");

        Assert.That((response.StatusCode, response.Headers.Location?.ToString()), Is.EqualTo((HttpStatusCode.Found, "/login?returnUrl=%2Fsecret")));
    }

    [Test]
    public async Task JwtBearer_malformed_tokens_get_401_never_500()
    {
        string[] tokens = ["", "a.b.c", "e30.e30.", "!!!.e30.c2ln", Encode("{\"alg\":\"HS256\"") + "." + Encode("{}") + ".c2ln", new string('A', 20_000)];
        var statuses = new List<HttpStatusCode>();
        foreach (var token in tokens)
        {
            using var response = await SendAsync(HttpMethod.Get, "/secret", token);
            statuses.Add(response.StatusCode);
        }

        Assert.That(statuses, Is.All.EqualTo(HttpStatusCode.Unauthorized));
    }

    [Test]
    public async Task JwtBearer_a_bearer_authenticated_form_post_needs_no_antiforgery_token()
    {
        using var withToken = await SendAsync(HttpMethod.Post, "/form", ValidToken(), content: new FormUrlEncodedContent([new("a", "b")]));
        using var withBadToken = await SendAsync(HttpMethod.Post, "/form", "garbage", content: new FormUrlEncodedContent([new("a", "b")]));
        using var anonymous = await SendAsync(HttpMethod.Post, "/form", content: new FormUrlEncodedContent([new("a", "b")]));

        Assert.That((withToken.StatusCode, withBadToken.StatusCode, anonymous.StatusCode),
            Is.EqualTo((HttpStatusCode.OK, HttpStatusCode.BadRequest, HttpStatusCode.BadRequest)));
    }

    [Test]
    public async Task JwtBearer_uses_the_apps_clock()
    {
        var token = ValidToken();
        _clock.Now += TimeSpan.FromMinutes(16);
        try
        {
            using var response = await SendAsync(HttpMethod.Get, "/secret", token);

            Assert.That(response.Headers.GetValues("WWW-Authenticate").Single(), Does.Contain("The token has expired."));
        }
        finally
        {
            _clock.Now -= TimeSpan.FromMinutes(16);
        }
    }
}
