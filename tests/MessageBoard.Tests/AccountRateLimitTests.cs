using System.Net;
using static MessageBoard.Tests.BoardApp;

namespace MessageBoard.Tests;

/// <summary>
/// The board's login throttling (issue 17) over a real socket: per user name and per client address, with an hour's
/// window so the test never crosses one.
/// </summary>
public sealed class AccountRateLimitTests
{
    private static readonly string[] s_hourWindows =
    [
        "--MessageBoard:RateLimits:PerName:Window=01:00:00",
        "--MessageBoard:RateLimits:PerAddress:Window=01:00:00",
    ];

    [Test]
    public async Task RateLimit_the_sixth_wrong_login_for_one_name_gets_429_with_Retry_After_while_another_name_logs_in()
    {
        await using var app = await StartAsync(null, s_hourWindows);
        (await RegisterAsync(app, "bob")).Dispose();
        var attacker = app.CreateClient();

        var wrong = new List<HttpStatusCode>();
        for (var i = 0; i < 5; i++)
        {
            using var attempt = await PostFormAsync(attacker, "/login", "/login", ("username", "ada"), ("password", $"guess {i}"));
            wrong.Add(attempt.StatusCode);
        }
        // The same name in other letter case is the same account, so the same budget.
        using var sixth = await PostFormAsync(attacker, "/login", "/login", ("username", "ADA"), ("password", "guess 6"));
        var bob = app.CreateClient();
        using var bobLogsIn = await PostFormAsync(bob, "/login", "/login", ("username", "bob"), ("password", "correct horse"));

        Assert.That(wrong, Is.EqualTo(Enumerable.Repeat(HttpStatusCode.BadRequest, 5)), "the normal answer: wrong username or password");
        Assert.That(sixth.StatusCode, Is.EqualTo(HttpStatusCode.TooManyRequests));
        Assert.That(sixth.Headers.RetryAfter?.Delta, Is.EqualTo(TimeSpan.FromHours(1)), "the configured window");
        Assert.That(await sixth.Content.ReadAsStringAsync(), Is.EqualTo("Too many attempts. Wait 3600 seconds, then try again."));
        Assert.That((bobLogsIn.StatusCode, bobLogsIn.Headers.Location?.OriginalString), Is.EqualTo((HttpStatusCode.Found, "/")), "another name is not throttled");
    }

    [Test]
    public async Task RateLimit_one_address_trying_many_names_is_throttled_after_its_own_budget()
    {
        await using var app = await StartAsync(null, [.. s_hourWindows, "--MessageBoard:RateLimits:PerAddress:PermitLimit=3"]);
        var client = app.CreateClient();

        var statuses = new List<HttpStatusCode>();
        foreach (var name in new[] { "ada", "bob", "cyd", "dee" })
        {
            using var attempt = await PostFormAsync(client, "/login", "/login", ("username", name), ("password", "guess"));
            statuses.Add(attempt.StatusCode);
        }

        Assert.That(statuses, Is.EqualTo(new[] { HttpStatusCode.BadRequest, HttpStatusCode.BadRequest, HttpStatusCode.BadRequest, HttpStatusCode.TooManyRequests }));
    }
}
