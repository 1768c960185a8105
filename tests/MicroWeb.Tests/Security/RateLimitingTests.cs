using System.Diagnostics.Metrics;
using System.Net;
using System.Threading.RateLimiting;
using Microsoft.Extensions.DependencyInjection;
using MicroWeb.Routing;
using MicroWeb.Security.RateLimiting;
using MicroWeb.Tests.Support;

namespace MicroWeb.Tests.Security;

/// <summary>A controller-wide policy, and an action that opts out of it.</summary>
[EnableRateLimiting("controller")]
public sealed class LimitedController : Controller
{
    [HttpGet("/limited")]
    public IResult Limited() => Text("limited");

    [DisableRateLimiting]
    [HttpGet("/exempt")]
    public IResult Exempt() => Text("exempt");
}

/// <summary>
/// Rate limiting through the real server on 127.0.0.1: each limiter kind, the partitions, Retry-After, the attributes'
/// precedence, leases held for the whole request, queueing, the log line and the metric. Windows and replenishment
/// periods are an hour, so no test crosses one.
/// </summary>
public sealed class RateLimitingTests
{
    private static readonly TimeSpan s_hour = TimeSpan.FromHours(1);
    private static readonly TimeSpan s_wait = TimeSpan.FromSeconds(10);

    [Test]
    public async Task RateLimit_fixed_window_rejects_the_request_over_the_limit_with_429_Retry_After_and_a_log_line()
    {
        await using var server = await StartAsync(
            options => options.AddFixedWindowLimiter("fixed", o =>
            {
                o.PermitLimit = 2;
                o.Window = s_hour;
            }),
            app => app.MapGet("/hello", [EnableRateLimiting("fixed")] () => "hello"));
        using var client = server.CreateClient();

        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 2; i++) statuses.Add((await client.GetAsync("/hello")).StatusCode);
        using var rejected = await client.GetAsync("/hello");

        Assert.That(statuses, Is.EqualTo(new[] { HttpStatusCode.OK, HttpStatusCode.OK }));
        Assert.That(rejected.StatusCode, Is.EqualTo(HttpStatusCode.TooManyRequests));
        Assert.That(RetryAfterSeconds(rejected), Is.InRange(3500, 3600), "the window, in whole seconds");
        var line = await server.Logs.WaitForAsync(m => m.StartsWith("Rate limit policy fixed", StringComparison.Ordinal), s_wait);
        Assert.That(line, Is.EqualTo("Rate limit policy fixed (partitioned by shared) rejected GET /hello from 127.0.0.1"));
    }

    [Test]
    public async Task RateLimit_sliding_window_rejects_over_the_limit_without_Retry_After_which_its_leases_do_not_carry()
    {
        await using var server = await StartAsync(
            options => options.AddSlidingWindowLimiter("sliding", o =>
            {
                o.PermitLimit = 2;
                o.Window = s_hour;
                o.SegmentsPerWindow = 4;
            }),
            app => app.MapGet("/hello", [EnableRateLimiting("sliding")] () => "hello"));
        using var client = server.CreateClient();

        Assert.That((await client.GetAsync("/hello")).StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That((await client.GetAsync("/hello")).StatusCode, Is.EqualTo(HttpStatusCode.OK));
        using var rejected = await client.GetAsync("/hello");

        Assert.That(rejected.StatusCode, Is.EqualTo(HttpStatusCode.TooManyRequests));
        // System.Threading.RateLimiting's sliding window gives its failed leases no MetadataName.RetryAfter: nothing to send.
        Assert.That(rejected.Headers.Contains("Retry-After"), Is.False);
    }

    [Test]
    public async Task RateLimit_token_bucket_allows_a_burst_of_its_tokens_then_rejects_with_Retry_After()
    {
        await using var server = await StartAsync(
            options => options.AddTokenBucketLimiter("bucket", o =>
            {
                o.TokenLimit = 3;
                o.TokensPerPeriod = 1;
                o.ReplenishmentPeriod = s_hour;
            }),
            app => app.MapGet("/hello", [EnableRateLimiting("bucket")] () => "hello"));
        using var client = server.CreateClient();

        for (var i = 0; i < 3; i++) Assert.That((await client.GetAsync("/hello")).StatusCode, Is.EqualTo(HttpStatusCode.OK), $"token {i + 1}");
        using var rejected = await client.GetAsync("/hello");

        Assert.That(rejected.StatusCode, Is.EqualTo(HttpStatusCode.TooManyRequests));
        Assert.That(RetryAfterSeconds(rejected), Is.InRange(3500, 3600), "one period until the next token");
    }

    [Test]
    public async Task RateLimit_concurrency_limiter_holds_the_permit_for_the_whole_request_and_releases_it_when_the_handler_throws()
    {
        var entered = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var server = await StartAsync(
            options => options.AddConcurrencyLimiter("one-at-a-time", o => o.PermitLimit = 1),
            app =>
            {
                app.MapGet("/hold", [EnableRateLimiting("one-at-a-time")] async () =>
                {
                    entered.SetResult();
                    await release.Task;
                    return "held";
                });
                app.MapGet("/boom", [EnableRateLimiting("one-at-a-time")] string () => throw new InvalidOperationException("boom"));
            });
        using var holder = server.CreateClient();
        using var client = server.CreateClient();

        var held = holder.GetStringAsync("/hold");
        await entered.Task.WaitAsync(s_wait);
        using var whileHeld = await client.GetAsync("/boom");
        release.SetResult();
        Assert.That(await held, Is.EqualTo("held"));
        var afterThrows = new List<HttpStatusCode>();
        for (var i = 0; i < 3; i++) afterThrows.Add((await client.GetAsync("/boom")).StatusCode);

        Assert.That(whileHeld.StatusCode, Is.EqualTo(HttpStatusCode.TooManyRequests));
        Assert.That(whileHeld.Headers.Contains("Retry-After"), Is.False, "a concurrency limiter cannot know when a permit comes back");
        Assert.That(afterThrows, Is.EqualTo(Enumerable.Repeat(HttpStatusCode.InternalServerError, 3)), "each throwing request gave its permit back");
    }

    [Test]
    public async Task RateLimit_queued_request_waits_for_a_permit_and_leaves_the_queue_when_its_client_goes_away()
    {
        using var limiter = new ConcurrencyLimiter(new ConcurrencyLimiterOptions { PermitLimit = 1, QueueLimit = 1 });
        var entered = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var runs = 0;
        await using var server = await StartAsync(
            // The test's own limiter as the only partition, so it can watch the queue.
            options => options.AddPolicy("queued", context => new RateLimitPartition<string>("one", _ => limiter)),
            app => app.MapGet("/work", [EnableRateLimiting("queued")] async () =>
            {
                if (Interlocked.Increment(ref runs) == 1)
                {
                    entered.SetResult();
                    await release.Task;
                }
                return "done";
            }));
        using var holder = server.CreateClient();
        var held = holder.GetStringAsync("/work");
        await entered.Task.WaitAsync(s_wait);

        // A queued request whose client leaves: its place in the queue is given up.
        using (var leaving = await server.ConnectAsync())
        {
            await leaving.SendAsync("GET /work HTTP/1.1\r\nHost: t\r\n\r\n");
            await PollAsync(() => limiter.GetStatistics()!.CurrentQueuedCount == 1, "the request is queued");
        }
        await PollAsync(() => limiter.GetStatistics()!.CurrentQueuedCount == 0, "the abandoned request left the queue");

        // So the next one can queue (a full queue would reject it) and runs once the permit is back.
        using var waiter = server.CreateClient();
        var waiting = waiter.GetAsync("/work");
        await PollAsync(() => limiter.GetStatistics()!.CurrentQueuedCount == 1, "the next request is queued");
        release.SetResult();

        Assert.That(await held, Is.EqualTo("done"));
        using var response = await waiting;
        Assert.That((response.StatusCode, await response.Content.ReadAsStringAsync()), Is.EqualTo((HttpStatusCode.OK, "done")));
        Assert.That(runs, Is.EqualTo(2), "the abandoned request never ran");
    }

    [Test]
    public async Task RateLimit_by_client_address_keeps_one_budget_per_forwarded_address_and_one_per_IPv6_64()
    {
        await using var server = await StartAsync(
            options => options.AddFixedWindowLimiter("per-address", o =>
            {
                o.PermitLimit = 1;
                o.Window = s_hour;
            }, RateLimitPartitionBy.ClientAddress),
            app =>
            {
                // The test client is on loopback, a trusted proxy by default: X-Forwarded-For is the client address.
                app.UseForwardedHeaders();
                app.MapGet("/hello", [EnableRateLimiting("per-address")] () => "hello");
            });
        using var client = server.CreateClient();

        var statuses = new List<(string, HttpStatusCode)>();
        foreach (var address in new[] { "203.0.113.1", "203.0.113.1", "203.0.113.2", "2001:db8:1:2::1", "2001:db8:1:2::99", "2001:db8:1:3::1" })
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, "/hello");
            request.Headers.Add("X-Forwarded-For", address);
            statuses.Add((address, (await client.SendAsync(request)).StatusCode));
        }

        Assert.That(statuses, Is.EqualTo(new[]
        {
            ("203.0.113.1", HttpStatusCode.OK),
            ("203.0.113.1", HttpStatusCode.TooManyRequests),
            ("203.0.113.2", HttpStatusCode.OK),
            ("2001:db8:1:2::1", HttpStatusCode.OK),
            ("2001:db8:1:2::99", HttpStatusCode.TooManyRequests),
            ("2001:db8:1:3::1", HttpStatusCode.OK),
        }));
    }

    [Test]
    public async Task RateLimit_by_user_keeps_one_budget_per_signed_in_user_and_one_for_anonymous_clients_by_address()
    {
        await using var server = await StartAsync(
            options => options.AddFixedWindowLimiter("per-user", o =>
            {
                o.PermitLimit = 1;
                o.Window = s_hour;
            }, RateLimitPartitionBy.User),
            app =>
            {
                app.UseAuthentication();
                app.MapGet("/signin/{id}", async (HttpContext context, string id) =>
                {
                    await context.SignInAsync(id);
                    return "signed in";
                });
                app.MapGet("/me", [EnableRateLimiting("per-user")] (HttpContext context) => context.GetUser().UserId ?? "anonymous");
            },
            ["--Security:Key", SecurityTestApp.NewKey()]);
        using var ada = SignedInClient(server);
        using var bob = SignedInClient(server);
        using var anonymous = server.CreateClient();
        Assert.That(await ada.GetStringAsync("/signin/ada"), Is.EqualTo("signed in"));
        Assert.That(await bob.GetStringAsync("/signin/bob"), Is.EqualTo("signed in"));

        var statuses = new[]
        {
            (await ada.GetAsync("/me")).StatusCode,
            (await ada.GetAsync("/me")).StatusCode,
            (await bob.GetAsync("/me")).StatusCode,
            (await anonymous.GetAsync("/me")).StatusCode,
            (await anonymous.GetAsync("/me")).StatusCode,
        };

        Assert.That(statuses, Is.EqualTo(new[]
        {
            HttpStatusCode.OK, HttpStatusCode.TooManyRequests, HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.TooManyRequests,
        }));
    }

    [Test]
    public async Task RateLimit_async_partitioner_keys_by_a_posted_form_field_and_the_action_still_binds_the_form()
    {
        await using var server = await StartAsync(
            options => options.AddPolicy("per-name", async (context, cancellationToken) =>
            {
                var form = await context.Request.ReadFormAsync(cancellationToken);
                return RateLimitPartition.GetFixedWindowLimiter("name:" + form["name"], _ => new FixedWindowRateLimiterOptions { PermitLimit = 1, Window = s_hour });
            }),
            app => app.MapPost("/login", [EnableRateLimiting("per-name")] ([FromForm] string name) => $"hello {name}"));
        using var client = server.CreateClient();

        async Task<(HttpStatusCode, string)> PostAsync(string name)
        {
            using var response = await client.PostAsync("/login", new FormUrlEncodedContent([new("name", name)]));
            return (response.StatusCode, await response.Content.ReadAsStringAsync());
        }

        Assert.That(await PostAsync("ada"), Is.EqualTo((HttpStatusCode.OK, "hello ada")));
        Assert.That((await PostAsync("ada")).Item1, Is.EqualTo(HttpStatusCode.TooManyRequests));
        Assert.That(await PostAsync("bob"), Is.EqualTo((HttpStatusCode.OK, "hello bob")));
        var line = await server.Logs.WaitForAsync(m => m.StartsWith("Rate limit policy per-name", StringComparison.Ordinal), s_wait);
        Assert.That(line, Does.Contain("(partitioned by custom)").And.Not.Contain("ada"), "the log names the partition kind, not a personal key");
    }

    [Test]
    public async Task RateLimit_DisableRateLimiting_on_an_action_beats_its_controllers_policy()
    {
        await using var server = await StartAsync(
            options => options.AddFixedWindowLimiter("controller", o =>
            {
                o.PermitLimit = 1;
                o.Window = s_hour;
            }),
            app => app.MapControllers(typeof(LimitedController)));
        using var client = server.CreateClient();

        var limited = new[] { (await client.GetAsync("/limited")).StatusCode, (await client.GetAsync("/limited")).StatusCode };
        var exempt = new List<HttpStatusCode>();
        for (var i = 0; i < 3; i++) exempt.Add((await client.GetAsync("/exempt")).StatusCode);

        Assert.That(limited, Is.EqualTo(new[] { HttpStatusCode.OK, HttpStatusCode.TooManyRequests }));
        Assert.That(exempt, Is.EqualTo(Enumerable.Repeat(HttpStatusCode.OK, 3)));
    }

    [Test]
    public async Task RateLimit_OnRejected_writes_the_body_under_the_configured_status()
    {
        await using var server = await StartAsync(
            options =>
            {
                options.RejectionStatusCode = 503;
                options.OnRejected = (rejected, cancellationToken) =>
                    rejected.HttpContext.Response.WriteAsync($"slow down ({rejected.PolicyName}, acquired: {rejected.Lease.IsAcquired})", cancellationToken);
                options.AddFixedWindowLimiter("fixed", o =>
                {
                    o.PermitLimit = 1;
                    o.Window = s_hour;
                });
            },
            app => app.MapGet("/hello", [EnableRateLimiting("fixed")] () => "hello"));
        using var client = server.CreateClient();

        await client.GetAsync("/hello");
        using var rejected = await client.GetAsync("/hello");

        Assert.That((rejected.StatusCode, await rejected.Content.ReadAsStringAsync()),
            Is.EqualTo((HttpStatusCode.ServiceUnavailable, "slow down (fixed, acquired: False)")));
        Assert.That(rejected.Headers.Contains("Retry-After"), Is.True);
    }

    [Test]
    public async Task RateLimit_global_limiter_limits_every_request_where_UseRateLimiter_sits()
    {
        await using var server = await StartAsync(
            options => options.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(context =>
                RateLimitPartition.GetFixedWindowLimiter("all", _ => new FixedWindowRateLimiterOptions { PermitLimit = 2, Window = s_hour })),
            app =>
            {
                app.UseRateLimiter();
                app.MapGet("/a", () => "a");
            });
        using var client = server.CreateClient();

        var statuses = new[]
        {
            (await client.GetAsync("/a")).StatusCode,
            (await client.GetAsync("/nowhere")).StatusCode,
            (await client.GetAsync("/a")).StatusCode,
        };

        Assert.That(statuses, Is.EqualTo(new[] { HttpStatusCode.OK, HttpStatusCode.NotFound, HttpStatusCode.TooManyRequests }));
    }

    [Test]
    public async Task RateLimit_misconfiguration_fails_the_start_naming_what_is_missing()
    {
        var unknown = await Assert.ThrowsAsync<InvalidOperationException>(() => StartAsync(
            options => options.AddConcurrencyLimiter("known", o => o.PermitLimit = 1),
            app => app.MapGet("/x", [EnableRateLimiting("typo")] () => "x")));
        var unregistered = await Assert.ThrowsAsync<InvalidOperationException>(async () => await TestServer.StartAsync(null,
            configurePipeline: app => app.MapGet("/x", [EnableRateLimiting("any")] () => "x")));
        var globalNotUsed = await Assert.ThrowsAsync<InvalidOperationException>(() => StartAsync(
            options => options.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(context => RateLimitPartition.GetNoLimiter("")),
            app => app.MapGet("/x", () => "x")));
        var invalidOptions = Assert.Throws<ArgumentException>(() => new RateLimiterOptions().AddFixedWindowLimiter("fixed", o => o.Window = s_hour));

        Assert.That(unknown!.Message, Does.Contain("'typo'").And.Contain("registered: known"));
        Assert.That(unregistered!.Message, Does.Contain("'any'").And.Contain("AddRateLimiter"));
        Assert.That(globalNotUsed!.Message, Does.Contain("UseRateLimiter"));
        Assert.That(invalidOptions!.Message, Does.Contain("PermitLimit"), "the limiter's own validation, at startup");
    }

    [Test]
    public void RateLimit_step_leaves_endpoints_without_a_policy_unwrapped()
    {
        var services = new ServiceCollection();
        services.AddRateLimiter(options => options.AddConcurrencyLimiter("p", o => o.PermitLimit = 1));
        using var provider = services.BuildServiceProvider();
        var step = RateLimitingStep.For(provider);
        EndpointDelegate endpoint = (context, values) => Task.CompletedTask;

        Assert.That(step.Wrap([new HttpGetAttribute("/")], endpoint), Is.SameAs(endpoint), "no per-request cost");
        Assert.That(step.Wrap([new DisableRateLimitingAttribute(), new EnableRateLimitingAttribute("p")], endpoint), Is.SameAs(endpoint), "disabled on the action");
        Assert.That(step.Wrap([new EnableRateLimitingAttribute("p")], endpoint), Is.Not.SameAs(endpoint));
    }

    [Test]
    public async Task RateLimit_rejections_are_counted_per_policy_in_the_server_metrics()
    {
        var counted = new List<(long Value, string? Policy)>();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == MicroWebDiagnostics.MeterName && instrument.Name == "microweb.rate_limiting.rejections") l.EnableMeasurementEvents(instrument);
        };
        listener.SetMeasurementEventCallback<long>((instrument, value, tags, state) =>
        {
            string? policy = null;
            foreach (var tag in tags)
                if (tag.Key == "microweb.rate_limiting.policy") policy = tag.Value as string;
            // Metrics are process-wide: keep only this test's policy.
            if (policy == "metered") lock (counted) counted.Add((value, policy));
        });
        listener.Start();

        await using (var server = await StartAsync(
            options => options.AddFixedWindowLimiter("metered", o =>
            {
                o.PermitLimit = 1;
                o.Window = s_hour;
            }),
            app => app.MapGet("/hello", [EnableRateLimiting("metered")] () => "hello")))
        {
            using var client = server.CreateClient();
            for (var i = 0; i < 3; i++) await client.GetAsync("/hello");
        }

        lock (counted) Assert.That(counted, Is.EqualTo(new[] { (1L, (string?)"metered"), (1L, "metered") }), "two rejections, one request each");
    }

    private static Task<TestServer> StartAsync(Action<RateLimiterOptions> configure, Action<MicroWebApp> configurePipeline, string[]? args = null) =>
        TestServer.StartAsync(null, configurePipeline: configurePipeline, configureServices: services => services.AddRateLimiter(configure), args: args);

    private static HttpClient SignedInClient(TestServer server) =>
        new(new HttpClientHandler { UseCookies = true, CookieContainer = new CookieContainer() }) { BaseAddress = server.BaseAddress };

    private static int RetryAfterSeconds(HttpResponseMessage response) =>
        response.Headers.TryGetValues("Retry-After", out var values) ? int.Parse(values.Single(), System.Globalization.CultureInfo.InvariantCulture) : -1;

    /// <summary>Waits for a limiter's state, which raises no signal of its own.</summary>
    private static async Task PollAsync(Func<bool> condition, string what)
    {
        var deadline = DateTime.UtcNow + s_wait;
        while (!condition())
        {
            if (DateTime.UtcNow > deadline) Assert.Fail($"Timed out waiting until {what}.");
            await Task.Delay(5);
        }
    }
}
