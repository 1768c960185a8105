using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using static MessageBoard.Tests.BoardApp;

namespace MessageBoard.Tests;

/// <summary>
/// Bearer tokens for <c>/api/messages</c> over real sockets: <c>POST /api/tokens</c> (RFC 6749 §4.3 form, §5.1
/// answer, the login's rate limits), writing with a token and neither cookie nor CSRF token, and the 401
/// <c>invalid_token</c> answers for an expired token, a token signed with another key and one revoked by logging out.
/// The tokens this test makes itself are signed here, independently of the board's issuer.
/// </summary>
[Parallelizable(ParallelScope.None)]
public sealed class ApiBearerTests
{
    private const string Password = "correct horse";

    private static readonly byte[] s_key = RandomNumberGenerator.GetBytes(32);

    [Test]
    public async Task Api_token_endpoint_answers_an_RFC_6749_token_response_whose_sub_is_the_user_id()
    {
        await using var app = await StartWithBearerAsync();
        await RegisterAsync(app, "ada", Password);

        using var response = await RequestTokenAsync(app.CreateClient(), "ada", Password);
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        var claims = Claims((string)body["access_token"]!);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/json"));
        Assert.That(response.Headers.CacheControl?.NoStore, Is.True, "RFC 6749 §5.1: Cache-Control: no-store");
        Assert.That((string)body["token_type"]!, Is.EqualTo("Bearer"));
        Assert.That((long)body["expires_in"]!, Is.EqualTo(3600), "the default lifetime is an hour");
        Assert.That((string)claims["sub"]!, Does.Match("^[0-9]+$"), "the user id");
        Assert.That((string)claims["name"]!, Is.EqualTo("ada"));
        Assert.That((string)claims["iss"]!, Is.EqualTo("messageboard"));
        Assert.That((string)claims["aud"]!, Is.EqualTo("messageboard-api"));
        Assert.That((long)claims["exp"]! - (long)claims["iat"]!, Is.EqualTo(3600));
        using var get = await app.CreateClient().GetAsync("/api/tokens");
        Assert.That(get.StatusCode, Is.EqualTo(HttpStatusCode.MethodNotAllowed), "the endpoint is POST only");
    }

    [Test]
    public async Task Api_token_lifetime_comes_from_configuration()
    {
        await using var app = await StartWithBearerAsync("--MessageBoard:Tokens:Lifetime=00:10:00");
        await RegisterAsync(app, "ada", Password);

        using var response = await RequestTokenAsync(app.CreateClient(), "ada", Password);

        Assert.That((long)JsonNode.Parse(await response.Content.ReadAsStringAsync())!["expires_in"]!, Is.EqualTo(600));
    }

    [Test]
    public async Task Api_bearer_token_creates_and_deletes_without_a_cookie_or_a_CSRF_token()
    {
        await using var app = await StartWithBearerAsync();
        await RegisterAsync(app, "ada", Password);
        var token = await TokenAsync(app, "ada");
        using var script = ScriptClient(app);

        using var created = await SendAsync(script, HttpMethod.Post, "/api/messages", token, new { text = "from a script" });
        var id = (long)JsonNode.Parse(await created.Content.ReadAsStringAsync())!["id"]!;
        using var deleted = await SendAsync(script, HttpMethod.Delete, $"/api/messages/{id}", token);
        using var gone = await SendAsync(script, HttpMethod.Get, $"/api/messages/{id}", token: null);

        Assert.That(created.StatusCode, Is.EqualTo(HttpStatusCode.Created));
        Assert.That(JsonNode.Parse(await created.Content.ReadAsStringAsync())!["author"]!.GetValue<string>(), Is.EqualTo("ada"));
        Assert.That(created.Headers.Location!.OriginalString, Is.EqualTo($"/api/messages/{id}"));
        Assert.That(deleted.StatusCode, Is.EqualTo(HttpStatusCode.NoContent), "a bearer DELETE needs no X-CSRF-Token");
        Assert.That(gone.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
    }

    [Test]
    public async Task Api_bearer_token_of_another_user_cannot_delete_and_gets_403_problem_details()
    {
        await using var app = await StartWithBearerAsync();
        await RegisterAsync(app, "ada", Password);
        await RegisterAsync(app, "bob", Password);
        var client = app.CreateClient();
        using var created = await SendAsync(client, HttpMethod.Post, "/api/messages", await TokenAsync(app, "ada"), new { text = "ada's" });
        var id = (long)JsonNode.Parse(await created.Content.ReadAsStringAsync())!["id"]!;

        using var bobs = await SendAsync(client, HttpMethod.Delete, $"/api/messages/{id}", await TokenAsync(app, "bob"));
        var problem = JsonNode.Parse(await bobs.Content.ReadAsStringAsync())!;

        Assert.That(bobs.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
        Assert.That(bobs.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/problem+json"));
        Assert.That((string)problem["traceId"]!, Is.Not.Empty);
    }

    [Test]
    public async Task Api_expired_token_is_401_invalid_token()
    {
        await using var app = await StartWithBearerAsync();
        await RegisterAsync(app, "ada", Password);
        var sub = (string)Claims(await TokenAsync(app, "ada"))["sub"]!;
        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        // An hour past exp: well beyond the five minutes of clock skew forgiven.
        var expired = Sign(s_key, new JsonObject { ["iss"] = "messageboard", ["aud"] = "messageboard-api", ["sub"] = sub, ["iat"] = now - 7200, ["exp"] = now - 3600 });

        using var response = await SendAsync(app.CreateClient(), HttpMethod.Post, "/api/messages", expired, new { text = "late" });

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
        Assert.That(response.Headers.WwwAuthenticate.ToString(), Does.StartWith("Bearer error=\"invalid_token\"").And.Contain("expired"));
    }

    [Test]
    public async Task Api_token_signed_with_another_key_is_401_invalid_token()
    {
        await using var app = await StartWithBearerAsync();
        await RegisterAsync(app, "ada", Password);
        var claims = Claims(await TokenAsync(app, "ada"));
        var forged = Sign(RandomNumberGenerator.GetBytes(32), claims);

        using var response = await SendAsync(app.CreateClient(), HttpMethod.Post, "/api/messages", forged, new { text = "forged" });
        using var list = await SendAsync(app.CreateClient(), HttpMethod.Get, "/api/messages", token: null);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
        Assert.That(response.Headers.WwwAuthenticate.ToString(), Does.StartWith("Bearer error=\"invalid_token\""));
        Assert.That(JsonNode.Parse(await list.Content.ReadAsStringAsync())!["total"]!.GetValue<int>(), Is.Zero, "nothing was stored");
    }

    [Test]
    public async Task Api_token_is_revoked_when_its_user_logs_out()
    {
        await using var app = await StartWithBearerAsync();
        var browser = await RegisterAsync(app, "ada", Password);
        var token = await TokenAsync(app, "ada");
        using var script = ScriptClient(app);
        using var before = await SendAsync(script, HttpMethod.Post, "/api/messages", token, new { text = "before" });

        using (var logout = await PostFormAsync(browser, "/", "/logout"))
        {
            Assert.That(logout.StatusCode, Is.EqualTo(HttpStatusCode.Found));
        }
        using var after = await SendAsync(script, HttpMethod.Post, "/api/messages", token, new { text = "after" });

        Assert.That(before.StatusCode, Is.EqualTo(HttpStatusCode.Created));
        Assert.That(after.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized), "logging out rotates the security stamp the token carries");
        Assert.That(after.Headers.WwwAuthenticate.ToString(), Does.StartWith("Bearer error=\"invalid_token\"").And.Contain("revoked"));
        Assert.That(after.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/problem+json"));
    }

    [Test]
    public async Task Api_token_endpoint_refuses_a_wrong_password_then_rate_limits_the_name()
    {
        await using var app = await StartWithBearerAsync("--MessageBoard:RateLimits:PerName:PermitLimit=2");
        await RegisterAsync(app, "ada", Password);
        var client = app.CreateClient();

        using var first = await RequestTokenAsync(client, "ada", "wrong guess");
        var error = JsonNode.Parse(await first.Content.ReadAsStringAsync())!;
        using var second = await RequestTokenAsync(client, "ada", "another guess");
        using var third = await RequestTokenAsync(client, "ada", Password);

        Assert.That(first.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest), "RFC 6749 §5.2: invalid_grant is a 400");
        Assert.That((string)error["error"]!, Is.EqualTo("invalid_grant"));
        Assert.That(error["access_token"], Is.Null);
        Assert.That(second.StatusCode, Is.EqualTo(HttpStatusCode.TooManyRequests), "registering spent the first of the name's two attempts");
        Assert.That(third.StatusCode, Is.EqualTo(HttpStatusCode.TooManyRequests), "even the right password waits for the window");
        Assert.That(third.Headers.RetryAfter, Is.Not.Null);
    }

    [TestCase("grant_type=client_credentials&username=ada&password=x", "unsupported_grant_type")]
    [TestCase("username=ada&password=x", "invalid_request")]
    public async Task Api_token_endpoint_answers_RFC_6749_errors_for_a_bad_request(string form, string expected)
    {
        await using var app = await StartWithBearerAsync();

        using var response = await app.CreateClient().PostAsync("/api/tokens", new StringContent(form, Encoding.ASCII, "application/x-www-form-urlencoded"));

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That((string)JsonNode.Parse(await response.Content.ReadAsStringAsync())!["error"]!, Is.EqualTo(expected));
    }

    [Test]
    public async Task Api_without_a_signing_key_is_cookie_only_says_so_at_startup_and_has_no_token_endpoint()
    {
        var log = new InformationLog();
        await using var app = await StartAsync(builder => builder.Logging.AddProvider(log));
        await RegisterAsync(app, "ada", Password);
        var client = app.CreateClient();

        using var tokens = await client.GetAsync("/api/tokens");
        using var create = await SendAsync(client, HttpMethod.Post, "/api/messages", Sign(s_key, new JsonObject { ["sub"] = "1" }), new { text = "x" });

        Assert.That(tokens.StatusCode, Is.EqualTo(HttpStatusCode.NotFound), "no route at all (with bearer on, a GET is 405)");
        Assert.That(create.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized), "a bearer token means nothing to a cookie-only API");
        Assert.That(log.Lines, Has.Some.Contains("Bearer tokens are off").And.Contains("Authentication:Bearer:SigningKeys:0"));
    }

    [Test]
    public async Task Api_with_a_signing_key_says_bearer_is_on_at_startup()
    {
        var log = new InformationLog();
        await using var app = await StartAsync(builder => builder.Logging.AddProvider(log), "--Authentication:Bearer:SigningKeys:0=" + Convert.ToBase64String(s_key));

        Assert.That(log.Lines, Has.Some.Contains("Bearer tokens are on"));
    }

    [Test]
    public async Task Api_signing_key_that_is_not_an_HS256_secret_fails_startup_naming_the_setting()
    {
        var error = await Assert.ThrowsAsync<MessageBoard.Data.BoardConfigurationException>(async () =>
        {
            await using var app = await StartAsync(null, "--Authentication:Bearer:SigningKeys:0=" + Convert.ToBase64String(new byte[16]));
        });

        Assert.That(error!.Message, Does.Contain("Authentication:Bearer:SigningKeys:0").And.Contain("32 bytes"));
    }

    private static Task<BoardApp> StartWithBearerAsync(params string[] args) =>
        StartAsync(null, ["--Authentication:Bearer:SigningKeys:0=" + Convert.ToBase64String(s_key), .. args]);

    /// <summary>A client that never sends or keeps a cookie, so only its bearer token can authenticate it.</summary>
    private static HttpClient ScriptClient(BoardApp app) =>
        new(new HttpClientHandler { UseCookies = false, AllowAutoRedirect = false }) { BaseAddress = app.BaseAddress, Timeout = TimeSpan.FromSeconds(30) };

    private static Task<HttpResponseMessage> RequestTokenAsync(HttpClient client, string name, string password) =>
        client.PostAsync("/api/tokens", new FormUrlEncodedContent([new("grant_type", "password"), new("username", name), new("password", password)]));

    private static async Task<string> TokenAsync(BoardApp app, string name)
    {
        using var client = app.CreateClient();
        using var response = await RequestTokenAsync(client, name, Password);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), await response.Content.ReadAsStringAsync());
        return (string)JsonNode.Parse(await response.Content.ReadAsStringAsync())!["access_token"]!;
    }

    private static Task<HttpResponseMessage> SendAsync(HttpClient client, HttpMethod method, string path, string? token, object? json = null)
    {
        var request = new HttpRequestMessage(method, path);
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        if (token is not null) request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        if (json is not null) request.Content = JsonContent.Create(json);
        return client.SendAsync(request);
    }

    private static JsonObject Claims(string token) =>
        JsonNode.Parse(System.Buffers.Text.Base64Url.DecodeFromChars(token.Split('.')[1]))!.AsObject();

    /// <summary>An HS256 JWS over <paramref name="claims"/> (RFC 7515 §3.1), made without the board's code.</summary>
    private static string Sign(byte[] key, JsonObject claims)
    {
        var input = Encode("""{"alg":"HS256","typ":"JWT"}"""u8.ToArray()) + "." + Encode(Encoding.UTF8.GetBytes(claims.ToJsonString()));
        return input + "." + Encode(HMACSHA256.HashData(key, Encoding.ASCII.GetBytes(input)));
    }

    private static string Encode(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    /// <summary>The board's information messages, as formatted.</summary>
    private sealed class InformationLog : ILoggerProvider
    {
        public ConcurrentQueue<string> Lines { get; } = new();

        public ILogger CreateLogger(string categoryName) => new Logger(Lines);

        public void Dispose()
        {
        }

        private sealed class Logger(ConcurrentQueue<string> lines) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state)
                where TState : notnull => null;

            public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Information;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
                lines.Enqueue(formatter(state, exception));
        }
    }
}
