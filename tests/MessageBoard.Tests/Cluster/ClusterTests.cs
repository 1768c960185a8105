using System.Diagnostics;
using System.Net;
using System.Security.Cryptography;
using MessageBoard.Tests.Proxy;
using MessageBoard.Tests.Support;
using Npgsql;

namespace MessageBoard.Tests.Cluster;

/// <summary>
/// The proof (issue 15): three board instances on one temporary PostgreSQL with one key ring, behind a real nginx
/// that balances over them. A and B run in this process; C is a separate process, so it can be killed with SIGKILL.
/// The tests share the cluster and run in any order: each one that stops, kills or restarts an instance puts it back on its port.
/// </summary>
[Category("Cluster")]
[NonParallelizable]
public class ClusterTests
{
    private const string Password = "correct horse";

    private const string Locations = """
        location / {
                    proxy_pass {upstream};
                    proxy_next_upstream error timeout http_502 http_503;
                    proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
                    proxy_set_header X-Forwarded-Proto $scheme;
                    proxy_set_header X-Forwarded-Host $http_host;
                }
        """;

    private readonly string _oldKey = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
    private string _connectionString = "";
    private InProcessBoard _a = null!;
    private InProcessBoard _b = null!;
    private ProcessBoard? _c;
    private Nginx? _nginx;

    [OneTimeSetUp]
    public async Task StartCluster()
    {
        _connectionString = await SharedPostgres.CreateDatabaseAsync();
        _a = await InProcessBoard.StartAsync("a", 0, _connectionString, [_oldKey]);
        _b = await InProcessBoard.StartAsync("b", 0, _connectionString, [_oldKey]);
        _c = await ProcessBoard.StartAsync("c", 0, _connectionString, [_oldKey]);
        _nginx = await Nginx.StartAsync([_a.Port, _b.Port, _c.Port], Locations, failTimeout: "1s");
    }

    [OneTimeTearDown]
    public async Task StopCluster()
    {
        if (_nginx is not null) await _nginx.DisposeAsync();
        if (_c is not null) await _c.DisposeAsync();
        if (_b is not null) await _b.DisposeAsync();
        if (_a is not null) await _a.DisposeAsync();
        if (_connectionString.Length > 0)
        {
            NpgsqlConnection.ClearAllPools();
            var database = new NpgsqlConnectionStringBuilder(_connectionString).Database;
            var admin = new NpgsqlConnectionStringBuilder(_connectionString) { Database = "postgres" }.ToString();
            await using var connection = new NpgsqlConnection(admin);
            await connection.OpenAsync();
            await using var drop = connection.CreateCommand();
            drop.CommandText = $"DROP DATABASE \"{database}\" WITH (FORCE)";
            await drop.ExecuteNonQueryAsync();
        }
    }

    private Nginx Proxy => _nginx!;

    private HttpClient ThroughNginx(CookieContainer cookies) => Proxy.CreateClient(IPAddress.Loopback, cookies);

    private static HttpClient Direct(BoardInstance instance, CookieContainer cookies) =>
        new(new HttpClientHandler { UseCookies = true, CookieContainer = cookies, AllowAutoRedirect = false })
        {
            BaseAddress = instance.BaseAddress,
            Timeout = TimeSpan.FromSeconds(30),
        };

    /// <summary>The browser's cookies from nginx (https://localhost) for the instances' own addresses (http://127.0.0.1).</summary>
    private static CookieContainer CopyForDirect(CookieContainer fromNginx)
    {
        var direct = new CookieContainer();
        foreach (Cookie cookie in fromNginx.GetAllCookies()) direct.Add(new Cookie(cookie.Name, cookie.Value, "/", "127.0.0.1"));
        return direct;
    }

    private static string InstanceOf(HttpResponseMessage response) =>
        response.Headers.TryGetValues(MessageBoardApp.InstanceHeaderName, out var values) ? values.Single() : "(none)";

    private static string NewName() => "u" + Guid.NewGuid().ToString("N")[..12];

    /// <summary>Registers a new user directly on <paramref name="instance"/>, then logs in through nginx; returns the nginx cookie jar.</summary>
    private async Task<(string Name, CookieContainer Cookies)> RegisterAndLogInThroughNginxAsync(BoardInstance instance)
    {
        string name = NewName();
        using (var direct = Direct(instance, new CookieContainer()))
        using (var registered = await BoardApp.PostFormAsync(direct, "/register", "/register", ("username", name), ("password", Password)))
        {
            Assert.That(registered.StatusCode, Is.EqualTo(HttpStatusCode.Found), await registered.Content.ReadAsStringAsync());
            Assert.That(InstanceOf(registered), Is.EqualTo(instance.Name));
        }
        var cookies = new CookieContainer();
        using var client = ThroughNginx(cookies);
        using var login = await BoardApp.PostFormAsync(client, "/login", "/login", ("username", name), ("password", Password));
        Assert.That(login.StatusCode, Is.EqualTo(HttpStatusCode.Found), await login.Content.ReadAsStringAsync());
        return (name, cookies);
    }

    /// <summary>After a restart: polls through nginx, up to a deadline, until <paramref name="instance"/> answers again (nginx retries a failed server after fail_timeout).</summary>
    private async Task WaitUntilInRotationAsync(BoardInstance instance)
    {
        using var client = ThroughNginx(new CookieContainer());
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < TimeSpan.FromSeconds(15))
        {
            using var response = await client.GetAsync("/healthz");
            if (InstanceOf(response) == instance.Name) return;
        }
        Assert.Fail($"nginx did not route to instance {instance.Name} again within 15 s.");
    }

    private static async Task<bool> SignedInAsync(HttpClient client)
    {
        using var response = await client.GetAsync("/");
        return response.StatusCode == HttpStatusCode.OK && (await response.Content.ReadAsStringAsync()).Contains("/logout\"", StringComparison.Ordinal);
    }

    [Test]
    public async Task Nginx_spreads_requests_over_all_three_instances()
    {
        using var client = ThroughNginx(new CookieContainer());
        var seen = new Dictionary<string, int>();
        for (int i = 0; i < 30; i++)
        {
            using var response = await client.GetAsync("/healthz");
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            string instance = InstanceOf(response);
            seen[instance] = seen.GetValueOrDefault(instance) + 1;
        }
        Assert.That(seen.Keys, Is.EquivalentTo(new[] { "a", "b", "c" }), string.Join(", ", seen.Select(pair => $"{pair.Key}={pair.Value}")));
    }

    [Test]
    public async Task Registered_on_A_logged_in_through_nginx_posted_on_B_seen_everywhere_and_a_form_from_A_is_accepted_by_B()
    {
        var (name, nginxCookies) = await RegisterAndLogInThroughNginxAsync(_a);
        var cookies = CopyForDirect(nginxCookies);
        using var onA = Direct(_a, cookies);
        using var onB = Direct(_b, cookies);

        string text = "hello from b " + Guid.NewGuid().ToString("N");
        using (var posted = await BoardApp.PostMessageAsync(onB, text))
        {
            Assert.That(posted.StatusCode, Is.EqualTo(HttpStatusCode.Found), "signed in through nginx, accepted by B: " + await posted.Content.ReadAsStringAsync());
            Assert.That(InstanceOf(posted), Is.EqualTo("b"));
        }
        foreach (BoardInstance instance in new BoardInstance[] { _a, _b, _c! })
        {
            using var anonymous = Direct(instance, new CookieContainer());
            Assert.That(await anonymous.GetStringAsync("/"), Does.Contain(text), $"instance {instance.Name} shows the post");
        }

        // CSRF and cookies across instances: the form comes from A, the post goes to B.
        string token = BoardApp.Csrf(await onA.GetStringAsync("/"));
        string second = "form from a, posted to b " + Guid.NewGuid().ToString("N");
        using var crossed = await onB.PostAsync("/messages", new FormUrlEncodedContent([new("text", second), new("__csrf", token)]));
        Assert.That(crossed.StatusCode, Is.EqualTo(HttpStatusCode.Found), await crossed.Content.ReadAsStringAsync());
        using var nginxClient = ThroughNginx(nginxCookies);
        Assert.That(await nginxClient.GetStringAsync("/users/" + name), Does.Contain(second));
    }

    [Test]
    public async Task A_graceful_stop_under_load_fails_no_request_through_nginx()
    {
        using var stopping = new CancellationTokenSource();
        var failures = new System.Collections.Concurrent.ConcurrentQueue<string>();
        var servedBy = new System.Collections.Concurrent.ConcurrentDictionary<string, int>();
        int total = 0;
        var deadline = Stopwatch.StartNew();

        async Task LoadAsync()
        {
            using var client = ThroughNginx(new CookieContainer());
            // Bounded: until the stop is done and 20 more requests, or 30 s.
            int after = 0;
            while (after < 20 && deadline.Elapsed < TimeSpan.FromSeconds(30))
            {
                if (stopping.IsCancellationRequested) after++;
                try
                {
                    using var response = await client.GetAsync("/");
                    Interlocked.Increment(ref total);
                    servedBy.AddOrUpdate(InstanceOf(response), 1, (_, n) => n + 1);
                    if (response.StatusCode != HttpStatusCode.OK) failures.Enqueue($"{(int)response.StatusCode} from {InstanceOf(response)}");
                }
                catch (HttpRequestException e)
                {
                    failures.Enqueue(e.Message);
                }
            }
        }

        var load = Enumerable.Range(0, 4).Select(_ => Task.Run(LoadAsync)).ToArray();
        // Let the load reach B before it stops (polled, not slept): B must have served something.
        while (!servedBy.ContainsKey("b") && deadline.Elapsed < TimeSpan.FromSeconds(10)) await Task.Delay(10);
        Assert.That(servedBy.ContainsKey("b"), Is.True, "B served none of the load before the stop");

        await _b.StopAsync(); // readiness 503, 2 s delay still serving, then stop accepting and drain
        stopping.Cancel();
        await Task.WhenAll(load);

        Assert.That(failures, Is.Empty, $"{failures.Count} of {total} requests failed: {string.Join("; ", failures.Take(5))}");
        Assert.That(total, Is.GreaterThan(40));

        // Put B back on its port, for the tests after this one.
        int port = _b.Port;
        await _b.DisposeAsync();
        _b = await InProcessBoard.StartAsync("b", port, _connectionString, [_oldKey]);
        await WaitUntilInRotationAsync(_b);
    }

    [Test]
    public async Task A_restart_with_a_rotated_key_list_keeps_existing_cookies_valid()
    {
        var (_, nginxCookies) = await RegisterAndLogInThroughNginxAsync(_b);
        var cookies = CopyForDirect(nginxCookies);
        string newKey = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
        int port = _a.Port;
        await _a.DisposeAsync();
        _a = await InProcessBoard.StartAsync("a", port, _connectionString, [newKey, _oldKey]);
        try
        {
            using var onA = Direct(_a, cookies);
            Assert.That(await SignedInAsync(onA), Is.True, "the cookie made with the old key is still valid on A with [new, old]");
            using (var posted = await BoardApp.PostMessageAsync(onA, "after rotation " + Guid.NewGuid().ToString("N")))
            {
                Assert.That(posted.StatusCode, Is.EqualTo(HttpStatusCode.Found), await posted.Content.ReadAsStringAsync());
                Assert.That(InstanceOf(posted), Is.EqualTo("a"));
            }
            using var nginxClient = ThroughNginx(nginxCookies);
            var instances = new HashSet<string>();
            for (int i = 0; i < 9; i++)
            {
                using var response = await nginxClient.GetAsync("/");
                instances.Add(InstanceOf(response));
                Assert.That(await response.Content.ReadAsStringAsync(), Does.Contain("/logout\""), $"signed in on {InstanceOf(response)}");
            }
            Assert.That(instances, Does.Contain("a"));
        }
        finally
        {
            // Back to the shared ring: cookies A now makes with the new key would not be readable on B and C.
            await _a.DisposeAsync();
            _a = await InProcessBoard.StartAsync("a", port, _connectionString, [_oldKey]);
            await WaitUntilInRotationAsync(_a);
        }
    }

    [Test]
    public async Task Killing_an_instance_while_posting_loses_no_acknowledged_post_and_keeps_the_session()
    {
        var (name, nginxCookies) = await RegisterAndLogInThroughNginxAsync(_a);
        using var client = ThroughNginx(nginxCookies);
        string run = Guid.NewGuid().ToString("N")[..8];
        var acknowledged = new List<string>();
        var failed = new List<string>();
        int acknowledgedAfterKill = 0;
        Task? kill = null;
        var clock = Stopwatch.StartNew();
        for (int i = 0; i < 100 && clock.Elapsed < TimeSpan.FromSeconds(20); i++)
        {
            if (i == 15) kill = Task.Run(() => _c!.KillAsync()); // SIGKILL, concurrently with the next posts
            string text = $"kill {run} {i}";
            try
            {
                using var response = await BoardApp.PostMessageAsync(client, text);
                if (response.StatusCode == HttpStatusCode.Found)
                {
                    acknowledged.Add(text);
                    if (kill is { IsCompleted: true }) acknowledgedAfterKill++;
                }
                else
                {
                    failed.Add($"{text}: {(int)response.StatusCode}");
                }
            }
            catch (HttpRequestException e)
            {
                failed.Add($"{text}: {e.Message}");
            }
        }
        Assert.That(kill, Is.Not.Null);
        await kill!;
        Assert.That(_c!.HasExited, Is.True);

        var stored = new HashSet<string>();
        await using (var connection = new NpgsqlConnection(_connectionString))
        {
            await connection.OpenAsync();
            await using var query = new NpgsqlCommand("SELECT text FROM messages WHERE text LIKE $1", connection) { Parameters = { new() { Value = $"kill {run} %" } } };
            await using var reader = await query.ExecuteReaderAsync();
            while (await reader.ReadAsync()) stored.Add(reader.GetString(0));
        }
        Assert.That(acknowledged.Where(text => !stored.Contains(text)), Is.Empty, "acknowledged (302) but not in the database");
        Assert.That(acknowledgedAfterKill, Is.GreaterThanOrEqualTo(20), $"posts after the kill; failed: {string.Join("; ", failed)}");
        Assert.That(failed.Count, Is.LessThanOrEqualTo(3), "only a post in flight on the killed instance may fail: " + string.Join("; ", failed));
        Assert.That(await SignedInAsync(client), Is.True, "the session survives the kill");
        Assert.That(await client.GetStringAsync("/users/" + name), Does.Contain(acknowledged[^1]));
    }

    [TearDown]
    public async Task RestartKilledInstance()
    {
        // Back on its port, for the tests after this one (the kill test's only change to the cluster).
        if (_c is { HasExited: true } killed)
        {
            int port = killed.Port;
            await killed.DisposeAsync();
            _c = null;
            _c = await ProcessBoard.StartAsync("c", port, _connectionString, [_oldKey]);
            await WaitUntilInRotationAsync(_c);
        }
    }
}
