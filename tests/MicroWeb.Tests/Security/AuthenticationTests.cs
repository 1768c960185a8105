using System.Net;
using System.Net.Http.Headers;
using MicroWeb.Security;
using MicroWeb.Tests.Support;

namespace MicroWeb.Tests.Security;

public class AuthenticationTests
{
    [Test]
    public async Task Signed_in_user_is_seen_with_id_and_claims_on_later_requests()
    {
        await using var app = await SecurityTestApp.StartAsync();
        Assert.That(await app.GetStringAsync("/me"), Is.EqualTo("anonymous"));

        await app.GetStringAsync("/signin/42");

        Assert.That(await app.GetStringAsync("/me"), Is.EqualTo("42 role=admin name=Ada Lovelace"));
    }

    [Test]
    public async Task Auth_cookie_is_httponly_lax_site_wide_expiring_and_hides_its_claims()
    {
        await using var app = await SecurityTestApp.StartAsync();
        using var response = await app.Client.GetAsync("/signin/42");

        string setCookie = response.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("microweb.auth=", StringComparison.Ordinal));
        Assert.That(setCookie, Does.Contain("HttpOnly").IgnoreCase);
        Assert.That(setCookie, Does.Contain("SameSite=Lax").IgnoreCase);
        Assert.That(setCookie, Does.Contain("Path=/"));
        Assert.That(setCookie, Does.Contain("Expires=").IgnoreCase);
        Assert.That(setCookie, Does.Not.Contain("Secure").IgnoreCase, "plain HTTP");
        Assert.That(setCookie, Does.Not.Contain("Lovelace").And.Not.Contain("admin"));
    }

    [Test]
    public async Task Tampered_cookie_means_anonymous()
    {
        await using var app = await SecurityTestApp.StartAsync();
        await app.GetStringAsync("/signin/42");
        string value = app.Cookie("microweb.auth")!.Value;
        char[] chars = value.ToCharArray();
        chars[chars.Length / 2] = chars[chars.Length / 2] == 'A' ? 'B' : 'A';

        using var plain = app.Server.CreateClient();
        foreach (string forged in new[] { new string(chars), value[..^4], "not-a-token", value + "AAAA" })
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, "/me");
            request.Headers.Add("Cookie", "microweb.auth=" + forged);
            using var response = await plain.SendAsync(request);
            Assert.That(await response.Content.ReadAsStringAsync(), Is.EqualTo("anonymous"), forged);
        }
    }

    [Test]
    public async Task Cookie_made_with_another_key_means_anonymous()
    {
        await using var first = await SecurityTestApp.StartAsync();
        await using var second = await SecurityTestApp.StartAsync();
        await first.GetStringAsync("/signin/42");

        using var request = new HttpRequestMessage(HttpMethod.Get, "/me");
        request.Headers.Add("Cookie", "microweb.auth=" + first.Cookie("microweb.auth")!.Value);
        using var plain = second.Server.CreateClient();
        using var response = await plain.SendAsync(request);

        Assert.That(await response.Content.ReadAsStringAsync(), Is.EqualTo("anonymous"));
    }

    [Test]
    public async Task Expired_cookie_means_anonymous_even_if_the_client_still_sends_it()
    {
        var clock = new ManualClock();
        await using var app = await SecurityTestApp.StartAsync(new AuthenticationOptions { ExpireTimeSpan = TimeSpan.FromHours(1), SlidingExpiration = false }, clock);
        await app.GetStringAsync("/signin/42");
        string cookie = app.Cookie("microweb.auth")!.Value;

        clock.Now += TimeSpan.FromMinutes(59);
        Assert.That(await app.GetStringAsync("/me"), Does.StartWith("42 "));

        clock.Now += TimeSpan.FromMinutes(2);
        using var request = new HttpRequestMessage(HttpMethod.Get, "/me");
        request.Headers.Add("Cookie", "microweb.auth=" + cookie);
        using var plain = app.Server.CreateClient();
        using var response = await plain.SendAsync(request);
        Assert.That(await response.Content.ReadAsStringAsync(), Is.EqualTo("anonymous"));
    }

    [Test]
    public async Task Sliding_expiration_renews_the_cookie_after_half_its_lifetime()
    {
        var clock = new ManualClock();
        await using var app = await SecurityTestApp.StartAsync(new AuthenticationOptions { ExpireTimeSpan = TimeSpan.FromHours(1) }, clock);
        await app.GetStringAsync("/signin/42");

        clock.Now += TimeSpan.FromMinutes(20);
        using (var early = await app.Client.GetAsync("/me"))
        {
            Assert.That(early.Headers.Contains("Set-Cookie"), Is.False, "not yet half way");
        }

        clock.Now += TimeSpan.FromMinutes(20);
        using (var renewed = await app.Client.GetAsync("/me"))
        {
            Assert.That(renewed.Headers.GetValues("Set-Cookie").Single(), Does.StartWith("microweb.auth="));
        }

        clock.Now += TimeSpan.FromMinutes(50);
        Assert.That(await app.GetStringAsync("/me"), Does.StartWith("42 "), "90 minutes after sign-in, 50 after renewal");
    }

    [Test]
    public async Task Sign_out_deletes_the_cookie_and_the_user_is_anonymous_again()
    {
        await using var app = await SecurityTestApp.StartAsync();
        await app.GetStringAsync("/signin/42");

        using var response = await app.Client.GetAsync("/signout");

        Assert.That(response.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("microweb.auth=", StringComparison.Ordinal)), Does.StartWith("microweb.auth=;"));
        Assert.That(app.Cookie("microweb.auth"), Is.Null);
        Assert.That(await app.GetStringAsync("/me"), Is.EqualTo("anonymous"));
    }

    [Test]
    public async Task Authorize_redirects_an_anonymous_html_request_to_login_with_the_return_url()
    {
        await using var app = await SecurityTestApp.StartAsync();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/secret?page=2&sort=new");
        request.Headers.Accept.ParseAdd("text/html,application/xhtml+xml,*/*;q=0.8");

        using var response = await app.Client.SendAsync(request);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Found));
        Assert.That(response.Headers.Location!.OriginalString, Is.EqualTo("/login?returnUrl=%2Fsecret%3Fpage%3D2%26sort%3Dnew"));
    }

    [Test]
    public async Task Authorize_redirects_to_the_configured_login_path()
    {
        await using var app = await SecurityTestApp.StartAsync(new AuthenticationOptions { LoginPath = "/account/sign-in" });

        using var response = await app.Client.GetAsync("/private");

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Found));
        Assert.That(response.Headers.Location!.OriginalString, Is.EqualTo("/account/sign-in?returnUrl=%2Fprivate"));
    }

    [Test]
    public async Task Authorize_answers_401_to_an_anonymous_json_request()
    {
        await using var app = await SecurityTestApp.StartAsync();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/secret");
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));

        using var response = await app.Client.SendAsync(request);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
        Assert.That(response.Headers.Location, Is.Null);
    }

    [Test]
    public async Task Authorize_on_a_handler_lambda_is_honoured()
    {
        await using var app = await SecurityTestApp.StartAsync();
        using var anonymous = await app.Client.GetAsync("/lambda-secret");
        Assert.That(anonymous.StatusCode, Is.EqualTo(HttpStatusCode.Found));

        await app.GetStringAsync("/signin/ada");

        Assert.That(await app.GetStringAsync("/lambda-secret"), Is.EqualTo("lambda secret"));
    }

    [Test]
    public async Task Authorize_lets_a_signed_in_user_through_and_leaves_other_actions_public()
    {
        await using var app = await SecurityTestApp.StartAsync();
        Assert.That(await app.GetStringAsync("/public"), Is.EqualTo("public"));

        await app.GetStringAsync("/signin/ada");

        Assert.That(await app.GetStringAsync("/secret"), Is.EqualTo("secret for ada"));
        Assert.That(await app.GetStringAsync("/private"), Is.EqualTo("private"));
    }

    [Test]
    public async Task Sign_in_without_the_middleware_names_what_is_missing()
    {
        await using var server = await TestServer.StartAsync(async context =>
        {
            try
            {
                await context.SignInAsync("42");
            }
            catch (InvalidOperationException e)
            {
                await context.Response.WriteAsync(e.Message);
            }
        });
        using var client = server.CreateClient();

        Assert.That(await client.GetStringAsync("/"), Does.Contain("app.UseAuthentication()"));
    }

    [Test]
    public void Ticket_round_trips_and_rejects_truncated_or_padded_data()
    {
        var ticket = new AuthenticationTicket("42", new Dictionary<string, string> { ["role"] = "admin", ["ünïcode"] = "✓" },
            new DateTimeOffset(2025, 12, 20, 0, 0, 0, TimeSpan.Zero), new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero), new DateTimeOffset(2026, 1, 15, 0, 0, 0, TimeSpan.Zero));
        byte[] data = ticket.Serialize();

        var read = AuthenticationTicket.Deserialize(data)!;
        Assert.That(read.UserId, Is.EqualTo("42"));
        Assert.That(read.Claims, Is.EquivalentTo(ticket.Claims));
        Assert.That(read.SignedIn, Is.EqualTo(ticket.SignedIn));
        Assert.That(read.Issued, Is.EqualTo(ticket.Issued));
        Assert.That(read.Expires, Is.EqualTo(ticket.Expires));
        for (int length = 0; length < data.Length; length++)
        {
            Assert.That(AuthenticationTicket.Deserialize(data[..length]), Is.Null, $"first {length} bytes");
        }

        Assert.That(AuthenticationTicket.Deserialize([.. data, 0]), Is.Null);
    }
}
