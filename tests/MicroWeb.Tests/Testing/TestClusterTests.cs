using System.Net;
using System.Security.Cryptography;
using MicroWeb.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace MicroWeb.Tests.Testing;

/// <summary>MicroWebTestCluster: several in-memory instances of one app behind a round-robin client.</summary>
public class TestClusterTests
{
    /// <summary>State kept in one instance's memory: what a stateless app must not rely on.</summary>
    public sealed class Counter
    {
        private int _value;

        public int Value => Volatile.Read(ref _value);

        public int Next() => Interlocked.Increment(ref _value);
    }

    /// <summary>Holds /hang requests until the test releases them; registered as one object shared by every instance.</summary>
    public sealed class Gate
    {
        public TaskCompletionSource Started { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public TaskCompletionSource Release { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }

    /// <summary>Disposed with its instance's services.</summary>
    public sealed class DisposeProbe : IDisposable
    {
        public bool Disposed { get; private set; }

        public void Dispose() => Disposed = true;
    }

    private static string NewKey() => Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));

    /// <summary>The app under test, as a Program.cs would expose it: cookie sign-in, an in-memory counter, a slow endpoint.</summary>
    private static MicroWebApp Build(string[] args)
    {
        var builder = MicroWebApp.CreateBuilder(args);
        builder.Logging.ClearProviders();
        builder.Services.AddSingleton<Counter>();
        builder.Services.AddSingleton<DisposeProbe>();
        builder.Services.AddSingleton<Gate>();
        var app = builder.Build();
        app.UseAuthentication();
        app.MapGet("/signin/{id}", async (HttpContext context, string id) =>
        {
            await context.SignInAsync(id);
            return "signed in";
        });
        app.MapGet("/me", (HttpContext context) => context.GetUser() is { IsAuthenticated: true } user ? user.UserId! : "anonymous");
        app.MapGet("/count", (Counter counter) => counter.Next().ToString(System.Globalization.CultureInfo.InvariantCulture));
        app.MapGet("/hang", async (HttpContext context, Gate gate) =>
        {
            gate.Started.TrySetResult();
            await gate.Release.Task.WaitAsync(context.RequestAborted);
            return "done";
        });
        return app;
    }

    private static MicroWebTestCluster NewCluster(int count = 3) =>
        MicroWebTestCluster.Create(count, Build).WithSetting("Security:Keys:0", NewKey());

    private static async Task<int> ServedByAsync(HttpClient client, string path, string? expected = null)
    {
        using var response = await client.GetAsync(path);
        var body = await response.Content.ReadAsStringAsync();
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), body);
        if (expected is not null) Assert.That(body, Is.EqualTo(expected), $"{path} on instance {MicroWebTestCluster.InstanceOf(response)}");
        return MicroWebTestCluster.InstanceOf(response) ?? throw new AssertionException("no instance header");
    }

    [Test]
    public async Task Round_robin_spreads_requests_over_the_instances()
    {
        await using var cluster = NewCluster();
        var client = cluster.CreateClient();

        var servedBy = new List<int>();
        for (var i = 0; i < 6; i++) servedBy.Add(await ServedByAsync(client, "/count"));

        Assert.That(servedBy, Is.EqualTo(new[] { 0, 1, 2, 0, 1, 2 }));
        // The app's own view agrees with the header: each instance's counter saw two requests.
        for (var i = 0; i < cluster.Count; i++) Assert.That(cluster.GetHost(i).Services.GetRequiredService<Counter>().Value, Is.EqualTo(2), $"instance {i}");
    }

    [Test]
    public async Task A_client_for_one_instance_only_reaches_that_instance()
    {
        await using var cluster = NewCluster();
        var client = cluster.CreateClient(2);
        for (var i = 0; i < 3; i++) Assert.That(await ServedByAsync(client, "/count", expected: (i + 1).ToString(System.Globalization.CultureInfo.InvariantCulture)), Is.EqualTo(2));
        Assert.That(cluster.GetHost(0).Services.GetRequiredService<Counter>().Value, Is.Zero);
    }

    [Test]
    public async Task A_cookie_signed_in_on_one_instance_works_on_the_others_with_shared_keys()
    {
        await using var cluster = NewCluster();
        var client = cluster.CreateClient();

        Assert.That(await ServedByAsync(client, "/signin/ada", "signed in"), Is.EqualTo(0));
        Assert.That(await ServedByAsync(client, "/me", "ada"), Is.EqualTo(1));
        Assert.That(await ServedByAsync(client, "/me", "ada"), Is.EqualTo(2));
    }

    [Test]
    public async Task An_instance_with_other_keys_rejects_the_cookie()
    {
        // The control for the test above: without the shared key the cookie is not accepted, so that test can fail.
        await using var cluster = NewCluster();
        var client = cluster.CreateClient();
        Assert.That(await ServedByAsync(client, "/signin/ada", "signed in"), Is.EqualTo(0));

        await cluster.RestartAsync(1, host => host.WithSetting("Security:Keys:0", NewKey()));

        Assert.That(await ServedByAsync(client, "/me", "anonymous"), Is.EqualTo(1));
        Assert.That(await ServedByAsync(client, "/me", "ada"), Is.EqualTo(2));
    }

    [Test]
    public async Task The_kit_reveals_state_kept_in_one_instance_s_memory()
    {
        await using var cluster = NewCluster();
        var client = cluster.CreateClient();

        var counts = new List<string>();
        for (var i = 0; i < 3; i++) counts.Add(await client.GetStringAsync("/count"));

        // A single instance would count 1, 2, 3; three instances each count their own first request.
        Assert.That(counts, Is.EqualTo(new[] { "1", "1", "1" }), "the in-memory counter is not shared, so the app is not stateless");
    }

    [Test]
    public async Task State_shared_outside_the_instances_is_consistent_across_them()
    {
        // The fix for the app above (one counter outside every instance, as a database would be) passes the same check.
        var shared = new Counter();
        await using var cluster = NewCluster().ConfigureServices(services => services.AddSingleton(shared));
        var client = cluster.CreateClient();

        var counts = new List<string>();
        for (var i = 0; i < 3; i++) counts.Add(await client.GetStringAsync("/count"));

        Assert.That(counts, Is.EqualTo(new[] { "1", "2", "3" }));
    }

    [Test]
    public async Task Killing_an_instance_fails_its_requests_in_flight_and_the_others_keep_serving()
    {
        var gate = new Gate();
        await using var cluster = NewCluster().ConfigureServices(services => services.AddSingleton(gate));
        var client = cluster.CreateClient();
        var direct = cluster.CreateClient(1);

        var inFlight = direct.GetAsync("/hang");
        await gate.Started.Task.WaitAsync(TimeSpan.FromSeconds(30));
        var probe = cluster.GetHost(1).Services.GetRequiredService<DisposeProbe>();

        await cluster.KillAsync(1);

        Assert.That(async () => await inFlight, Throws.InstanceOf<HttpRequestException>(), "like a reset connection");
        Assert.That(cluster.IsRunning(1), Is.False);
        Assert.That(probe.Disposed, Is.True, "the killed instance's services are disposed");
        var servedBy = new List<int>();
        for (var i = 0; i < 4; i++) servedBy.Add(await ServedByAsync(client, "/count"));
        Assert.That(servedBy, Is.EquivalentTo(new[] { 0, 0, 2, 2 }));
        Assert.That(async () => await direct.GetAsync("/count"), Throws.InstanceOf<HttpRequestException>(), "the killed instance refuses connections");
        Assert.That(() => cluster.GetHost(1), Throws.InvalidOperationException);
    }

    [Test]
    public async Task Stopping_an_instance_lets_its_requests_in_flight_finish()
    {
        var gate = new Gate();
        await using var cluster = NewCluster().ConfigureServices(services => services.AddSingleton(gate));
        var client = cluster.CreateClient();
        var direct = cluster.CreateClient(2);

        var inFlight = direct.GetAsync("/hang");
        await gate.Started.Task.WaitAsync(TimeSpan.FromSeconds(30));

        var stop = cluster.StopAsync(2).AsTask();
        Assert.That(cluster.IsRunning(2), Is.False, "out of the rotation as soon as the stop begins");
        Assert.That(await ServedByAsync(client, "/count"), Is.EqualTo(0));
        Assert.That(await ServedByAsync(client, "/count"), Is.EqualTo(1));
        Assert.That(await ServedByAsync(client, "/count"), Is.EqualTo(0), "the stopping instance gets no new requests");
        gate.Release.SetResult();

        using var response = await inFlight;
        Assert.That(await response.Content.ReadAsStringAsync(), Is.EqualTo("done"));
        await stop;
        Assert.That(cluster.IsRunning(2), Is.False);
    }

    [Test]
    public async Task Restarting_with_a_rotated_key_list_keeps_existing_cookies_valid()
    {
        var oldKey = NewKey();
        var newKey = NewKey();
        await using var cluster = MicroWebTestCluster.Create(3, Build).WithSetting("Security:Keys:0", oldKey);
        var client = cluster.CreateClient();
        Assert.That(await ServedByAsync(client, "/signin/ada", "signed in"), Is.EqualTo(0));
        var before = cluster.GetHost(1);

        var after = await cluster.RestartAsync(1, host => host.WithSetting("Security:Keys:0", newKey).WithSetting("Security:Keys:1", oldKey));

        Assert.That(after, Is.Not.SameAs(before));
        Assert.That(cluster.IsRunning(1), Is.True);
        Assert.That(cluster.GetHost(1), Is.SameAs(after));
        Assert.That(async () => await before.CreateClient().GetAsync("/me"), Throws.InstanceOf<ObjectDisposedException>(), "the old instance is gone");
        Assert.That(await ServedByAsync(client, "/me", "ada"), Is.EqualTo(1), "the old key still unprotects");
        Assert.That(await ServedByAsync(client, "/me", "ada"), Is.EqualTo(2));
        // A cookie the rotated instance protects with the new key works wherever the new key is in the list.
        using var direct = cluster.CreateClient(1);
        Assert.That(await ServedByAsync(direct, "/signin/grace", "signed in"), Is.EqualTo(1));
        Assert.That(await ServedByAsync(direct, "/me", "grace"), Is.EqualTo(1));
    }

    [Test]
    public async Task Restarting_a_killed_instance_brings_it_back_into_the_rotation()
    {
        await using var cluster = NewCluster();
        var client = cluster.CreateClient();
        await cluster.KillAsync(0);
        Assert.That(await ServedByAsync(client, "/count"), Is.Not.EqualTo(0));

        await cluster.RestartAsync(0);

        var servedBy = new HashSet<int>();
        for (var i = 0; i < 3; i++) servedBy.Add(await ServedByAsync(client, "/count"));
        Assert.That(servedBy, Is.EquivalentTo(new[] { 0, 1, 2 }));
        Assert.That(cluster.GetHost(0).Services.GetRequiredService<Counter>().Value, Is.EqualTo(1), "a fresh instance, its memory empty");
    }

    [Test]
    public async Task With_every_instance_down_requests_fail_like_refused_connections()
    {
        await using var cluster = NewCluster(2);
        var client = cluster.CreateClient();
        await cluster.KillAsync(0);
        await cluster.StopAsync(1);
        Assert.That(async () => await client.GetAsync("/count"), Throws.InstanceOf<HttpRequestException>());
    }

    [Test]
    public async Task Overrides_are_refused_once_started_and_indexes_are_checked()
    {
        await using var cluster = NewCluster();
        Assert.That(cluster.Count, Is.EqualTo(3));
        Assert.That(cluster.IsRunning(0), Is.True);
        Assert.That(() => cluster.WithSetting("A", "b"), Throws.InvalidOperationException);
        Assert.That(() => cluster.ConfigureServices(_ => { }), Throws.InvalidOperationException);
        Assert.That(() => cluster.IsRunning(3), Throws.InstanceOf<ArgumentOutOfRangeException>());
        Assert.That(() => cluster.CreateClient(-1), Throws.InstanceOf<ArgumentOutOfRangeException>());
        Assert.That(() => MicroWebTestCluster.Create(0, Build), Throws.InstanceOf<ArgumentOutOfRangeException>());
    }

    [Test]
    public async Task Disposing_aborts_requests_in_flight_and_disposes_every_instance_and_client()
    {
        var gate = new Gate();
        var cluster = NewCluster().ConfigureServices(services => services.AddSingleton(gate));
        var client = cluster.CreateClient();
        var inFlight = cluster.CreateClient(0).GetAsync("/hang");
        await gate.Started.Task.WaitAsync(TimeSpan.FromSeconds(30));
        var probes = Enumerable.Range(0, cluster.Count).Select(i => cluster.GetHost(i).Services.GetRequiredService<DisposeProbe>()).ToList();

        await cluster.DisposeAsync();

        // As with MicroWebTestHost: the abort, or the client's disposal if that comes first, ends the request.
        Assert.That(async () => await inFlight, Throws.InstanceOf<HttpRequestException>().Or.InstanceOf<OperationCanceledException>());
        Assert.That(probes.Select(p => p.Disposed), Is.All.True);
        Assert.That(async () => await client.GetAsync("/count"), Throws.InstanceOf<ObjectDisposedException>());
        Assert.That(() => cluster.CreateClient(), Throws.InstanceOf<ObjectDisposedException>());
        await cluster.DisposeAsync();
    }
}
