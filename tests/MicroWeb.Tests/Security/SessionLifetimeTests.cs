using System.Buffers.Text;
using System.Net;
using MicroWeb.Security;

namespace MicroWeb.Tests.Security;

/// <summary>Key rotation, the absolute cap on sliding renewal, future-dated tickets and the validation hook, on the real server.</summary>
public class SessionLifetimeTests
{
    /// <summary>
    /// An authentication cookie as the code of commit 18bd695 wrote it (protector and ticket both version 1) with
    /// <see cref="DataProtectorTests.LegacyKey"/>: user 42, role=admin, name=Ada Lovelace, issued 2026-01-01, expiring 2026-01-15 (UTC).
    /// </summary>
    private const string LegacyAuthCookie = "ATAhAui4o4bplvloY_NKYUIThUA-azjUgpIbMsr4QkgI8clgNUpYqyqInseZ0l09bk0QFm3WzmHvJ_1OD3_cwjpYqUUimJ56P60ryz-aIrbcMXxxSzZIC02wkpBavM_cyEK0zYAXxA-uKlcBcSKB74o";

    private static readonly Dictionary<string, string> s_claims = new() { ["role"] = "admin", ["name"] = "Ada Lovelace" };

    private static async Task<string> BodyAsync(HttpResponseMessage response)
    {
        using (response)
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            return await response.Content.ReadAsStringAsync();
        }
    }

    private static string? SetAuthCookie(HttpResponseMessage response) =>
        response.Headers.TryGetValues("Set-Cookie", out var values) ? values.SingleOrDefault(v => v.StartsWith("microweb.auth=", StringComparison.Ordinal)) : null;

    [Test]
    public async Task Cookie_made_under_key_A_is_read_after_rotating_to_B_A()
    {
        string a = SecurityTestApp.NewKey(), b = SecurityTestApp.NewKey();
        string cookie;
        await using (var before = await SecurityTestApp.StartAsync(args: ["--Security:Keys:0", a]))
        {
            await before.GetStringAsync("/signin/42");
            cookie = before.Cookie("microweb.auth")!.Value;
        }

        await using var rotated = await SecurityTestApp.StartAsync(args: ["--Security:Keys:0", b, "--Security:Keys:1", a]);
        Assert.That(await BodyAsync(await rotated.GetWithAuthCookieAsync(cookie)), Is.EqualTo("42 role=admin name=Ada Lovelace"));

        await rotated.GetStringAsync("/signin/7");
        await using var dropped = await SecurityTestApp.StartAsync(args: ["--Security:Keys:0", b]);
        Assert.That(await BodyAsync(await dropped.GetWithAuthCookieAsync(rotated.Cookie("microweb.auth")!.Value)), Does.StartWith("7 "), "new cookies are made with B");
        Assert.That(await BodyAsync(await dropped.GetWithAuthCookieAsync(cookie)), Is.EqualTo("anonymous"), "A dropped");
    }

    [Test]
    public async Task Cookie_under_an_unknown_key_is_absent_not_an_error()
    {
        await using var other = await SecurityTestApp.StartAsync(args: ["--Security:Keys:0", SecurityTestApp.NewKey()]);
        await other.GetStringAsync("/signin/42");
        await using var app = await SecurityTestApp.StartAsync(args: ["--Security:Keys:0", SecurityTestApp.NewKey(), "--Security:Keys:1", SecurityTestApp.NewKey()]);

        using var response = await app.GetWithAuthCookieAsync(other.Cookie("microweb.auth")!.Value, "/secret");

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Found), "[Authorize] sees no user: a challenge, not a 500");
        Assert.That(SetAuthCookie(response), Is.Null);
        Assert.That(app.Server.Logs.Entries.Where(e => e.Level >= Microsoft.Extensions.Logging.LogLevel.Warning), Is.Empty);
    }

    [Test]
    public async Task Old_format_cookie_is_still_read_and_renewed_into_the_new_format()
    {
        var clock = new ManualClock { Now = new DateTimeOffset(2026, 1, 5, 0, 0, 0, TimeSpan.Zero) };
        string legacyKey = Convert.ToBase64String(DataProtectorTests.LegacyKey);
        await using var app = await SecurityTestApp.StartAsync(clock: clock, args: ["--Security:Keys:0", SecurityTestApp.NewKey(), "--Security:Keys:1", legacyKey]);

        using (var early = await app.GetWithAuthCookieAsync(LegacyAuthCookie))
        {
            Assert.That(await early.Content.ReadAsStringAsync(), Is.EqualTo("42 role=admin name=Ada Lovelace"));
            Assert.That(SetAuthCookie(early), Is.Null, "10 of 14 days left: no renewal yet");
        }

        clock.Now = new DateTimeOffset(2026, 1, 10, 0, 0, 0, TimeSpan.Zero);
        using var renewed = await app.GetWithAuthCookieAsync(LegacyAuthCookie);
        string setCookie = SetAuthCookie(renewed)!;
        Assert.That(setCookie, Is.Not.Null);
        string value = setCookie["microweb.auth=".Length..setCookie.IndexOf(';')];
        Assert.That(Base64Url.DecodeFromChars(value)[0], Is.EqualTo(2), "renewed in the current format, with a key id");
        var ticket = AuthenticationTicket.Deserialize(app.AuthProtector.Unprotect(value)!)!;
        Assert.That(ticket.SignedIn, Is.EqualTo(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero)), "a legacy ticket's issue time stands in for its sign-in");
        Assert.That(ticket.Expires, Is.EqualTo(clock.Now + TimeSpan.FromDays(14)));
    }

    [Test]
    public async Task Legacy_cookie_reads_under_the_single_key_setting_too()
    {
        var clock = new ManualClock { Now = new DateTimeOffset(2026, 1, 2, 0, 0, 0, TimeSpan.Zero) };
        await using var app = await SecurityTestApp.StartAsync(clock: clock, args: ["--Security:Key", Convert.ToBase64String(DataProtectorTests.LegacyKey)]);

        Assert.That(await BodyAsync(await app.GetWithAuthCookieAsync(LegacyAuthCookie)), Is.EqualTo("42 role=admin name=Ada Lovelace"));
    }

    [Test]
    public async Task Absolute_cap_stops_renewal_and_ends_the_sign_in()
    {
        var clock = new ManualClock();
        var signedIn = clock.Now;
        await using var app = await SecurityTestApp.StartAsync(new AuthenticationOptions { ExpireTimeSpan = TimeSpan.FromHours(1), AbsoluteExpiration = TimeSpan.FromHours(2) }, clock);
        await app.GetStringAsync("/signin/42");

        clock.Now = signedIn + TimeSpan.FromMinutes(40);
        using (var first = await app.Client.GetAsync("/me"))
        {
            Assert.That(SetAuthCookie(first), Is.Not.Null, "renewed: 20 minutes left of 60");
        }
        Assert.That(Ticket(app).Expires, Is.EqualTo(signedIn + TimeSpan.FromMinutes(100)));

        clock.Now = signedIn + TimeSpan.FromMinutes(80);
        using (var second = await app.Client.GetAsync("/me"))
        {
            Assert.That(SetAuthCookie(second), Is.Not.Null, "renewed, but only up to the cap");
        }
        Assert.That(Ticket(app).Expires, Is.EqualTo(signedIn + TimeSpan.FromHours(2)));
        Assert.That(Ticket(app).SignedIn, Is.EqualTo(signedIn));

        clock.Now = signedIn + TimeSpan.FromMinutes(110);
        using (var capped = await app.Client.GetAsync("/me"))
        {
            Assert.That(await capped.Content.ReadAsStringAsync(), Does.StartWith("42 "));
            Assert.That(SetAuthCookie(capped), Is.Null, "at the cap there is nothing to renew");
        }

        clock.Now = signedIn + TimeSpan.FromHours(2);
        Assert.That(await app.GetStringAsync("/me"), Is.EqualTo("anonymous"));
    }

    [Test]
    public async Task Five_year_old_sign_in_is_neither_accepted_nor_renewed()
    {
        var clock = new ManualClock();
        await using var app = await SecurityTestApp.StartAsync(clock: clock);
        var now = clock.Now;
        // Renewed a day ago and valid for two weeks, but first signed in five years ago: past the 30-day default cap.
        var ticket = new AuthenticationTicket("42", s_claims, now.AddYears(-5), now.AddDays(-1), now.AddDays(13));

        using var response = await app.GetWithAuthCookieAsync(app.AuthProtector.Protect(ticket.Serialize()));

        Assert.That(await response.Content.ReadAsStringAsync(), Is.EqualTo("anonymous"));
        Assert.That(SetAuthCookie(response), Is.Null);
    }

    [Test]
    public async Task Ticket_issued_in_the_future_is_rejected_beyond_the_clock_skew()
    {
        var clock = new ManualClock();
        await using var app = await SecurityTestApp.StartAsync(clock: clock);
        var now = clock.Now;
        string Cookie(TimeSpan ahead) => app.AuthProtector.Protect(new AuthenticationTicket("42", s_claims, now + ahead, now + ahead, now + ahead + TimeSpan.FromDays(14)).Serialize());

        Assert.That(await BodyAsync(await app.GetWithAuthCookieAsync(Cookie(TimeSpan.FromMinutes(4)))), Does.StartWith("42 "), "within the skew");
        Assert.That(await BodyAsync(await app.GetWithAuthCookieAsync(Cookie(TimeSpan.FromMinutes(6)))), Is.EqualTo("anonymous"));
        Assert.That(await BodyAsync(await app.GetWithAuthCookieAsync(Cookie(TimeSpan.FromDays(365)))), Is.EqualTo("anonymous"));

        var signedInAfterIssue = new AuthenticationTicket("42", s_claims, now + TimeSpan.FromMinutes(1), now, now + TimeSpan.FromDays(14));
        Assert.That(await BodyAsync(await app.GetWithAuthCookieAsync(app.AuthProtector.Protect(signedInAfterIssue.Serialize()))), Is.EqualTo("anonymous"), "signed in after it was issued");
    }

    [Test]
    public async Task Validation_hook_sees_the_ticket_and_can_reject_which_signs_out()
    {
        var clock = new ManualClock();
        var seen = new List<ValidatePrincipalContext>();
        var options = new AuthenticationOptions
        {
            OnValidatePrincipal = async context =>
            {
                // Asynchronous on purpose: the hook's shape is for a store lookup.
                await Task.Yield();
                seen.Add(context);
                if (context.User.UserId == "banned") context.RejectPrincipal();
            },
        };
        await using var app = await SecurityTestApp.StartAsync(options, clock);

        Assert.That(await app.GetStringAsync("/me"), Is.EqualTo("anonymous"));
        Assert.That(seen, Is.Empty, "no cookie, no call");

        var signedIn = clock.Now;
        await app.GetStringAsync("/signin/42");
        Assert.That(seen, Is.Empty, "signing in is not validating");
        clock.Now += TimeSpan.FromMinutes(1);
        Assert.That(await app.GetStringAsync("/me"), Is.EqualTo("42 role=admin name=Ada Lovelace"));
        var call = seen.Single();
        Assert.That(call.User.UserId, Is.EqualTo("42"));
        Assert.That(call.User.Claims["role"], Is.EqualTo("admin"));
        Assert.That(call.SignedIn, Is.EqualTo(signedIn));
        Assert.That(call.Issued, Is.EqualTo(signedIn));
        Assert.That(call.Expires, Is.EqualTo(signedIn + TimeSpan.FromDays(14)));
        Assert.That(call.HttpContext.Request.Path, Is.EqualTo("/me"));

        await app.GetStringAsync("/signin/banned");
        string banned = app.Cookie("microweb.auth")!.Value;
        using (var rejected = await app.Client.GetAsync("/me"))
        {
            Assert.That(await rejected.Content.ReadAsStringAsync(), Is.EqualTo("anonymous"));
            Assert.That(SetAuthCookie(rejected), Does.StartWith("microweb.auth=;"), "the rejected cookie is deleted");
        }
        Assert.That(app.Cookie("microweb.auth"), Is.Null);

        using var secret = await app.GetWithAuthCookieAsync(banned, "/secret");
        Assert.That(secret.StatusCode, Is.EqualTo(HttpStatusCode.Found), "[Authorize] sees the rejection");
    }

    [Test]
    public async Task Rejected_cookie_is_not_renewed()
    {
        var clock = new ManualClock();
        var options = new AuthenticationOptions { ExpireTimeSpan = TimeSpan.FromHours(1), OnValidatePrincipal = context => { context.RejectPrincipal(); return Task.CompletedTask; } };
        await using var app = await SecurityTestApp.StartAsync(options, clock);
        await app.GetStringAsync("/signin/42");
        string cookie = app.Cookie("microweb.auth")!.Value;

        clock.Now += TimeSpan.FromMinutes(45);
        using var response = await app.GetWithAuthCookieAsync(cookie);

        Assert.That(await response.Content.ReadAsStringAsync(), Is.EqualTo("anonymous"));
        Assert.That(response.Headers.GetValues("Set-Cookie").Single(), Does.StartWith("microweb.auth=;"), "one deletion, no renewal");
    }

    [Test]
    public async Task Configured_absolute_expiration_wins_and_bad_values_name_the_key()
    {
        var clock = new ManualClock();
        var signedIn = clock.Now;
        await using (var app = await SecurityTestApp.StartAsync(
            new AuthenticationOptions { ExpireTimeSpan = TimeSpan.FromHours(1) }, clock,
            ["--Security:Key", SecurityTestApp.NewKey(), "--Authentication:AbsoluteExpiration", "01:30:00"]))
        {
            await app.GetStringAsync("/signin/42");
            clock.Now = signedIn + TimeSpan.FromMinutes(40);
            Assert.That(await app.GetStringAsync("/me"), Does.StartWith("42 "), "renewed up to the cap, not for another hour");
            Assert.That(Ticket(app).Expires, Is.EqualTo(signedIn + TimeSpan.FromMinutes(90)));
            clock.Now = signedIn + TimeSpan.FromMinutes(89);
            Assert.That(await app.GetStringAsync("/me"), Does.StartWith("42 "));
            clock.Now = signedIn + TimeSpan.FromMinutes(90);
            Assert.That(await app.GetStringAsync("/me"), Is.EqualTo("anonymous"), "capped at the configured 90 minutes, not the option's 30 days");
        }

        foreach (string bad in new[] { "soon", "-1.00:00:00", "00:30:00" })
        {
            await using var app = MicroWebApp.CreateBuilder(["--Security:Key", SecurityTestApp.NewKey(), "--Authentication:AbsoluteExpiration", bad]).Build();
            var error = Assert.Throws<InvalidOperationException>(() => app.UseAuthentication(new AuthenticationOptions { ExpireTimeSpan = TimeSpan.FromHours(1) }))!;
            Assert.That(error.Message, Does.Contain("'Authentication:AbsoluteExpiration'"), bad);
        }

        await using var coded = MicroWebApp.CreateBuilder(["--Security:Key", SecurityTestApp.NewKey()]).Build();
        Assert.Throws<ArgumentOutOfRangeException>(() => coded.UseAuthentication(new AuthenticationOptions { ExpireTimeSpan = TimeSpan.FromDays(60) }));
    }

    private static AuthenticationTicket Ticket(SecurityTestApp app) =>
        AuthenticationTicket.Deserialize(app.AuthProtector.Unprotect(app.Cookie("microweb.auth")!.Value)!)!;
}
