using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using MicroWeb.Tests.Support;

namespace MicroWeb.Tests.Hosting;

/// <summary>MapHealthChecks on a real server: statuses, formats, and readiness while the app drains.</summary>
public sealed class HealthCheckTests
{
    private static Task<TestServer> StartAsync(Action<IHealthChecksBuilder> checks, Action<ServerOptions>? server = null) =>
        TestServer.StartAsync(
            handler: null,
            configureServer: server,
            configurePipeline: app =>
            {
                app.MapHealthChecks("/healthz", new() { Predicate = _ => false });
                app.MapHealthChecks("/readyz", new() { FailWhenStopping = true });
                app.MapGet("/work", () => "done");
            },
            configureServices: services => checks(services.AddHealthChecks()));

    [Test]
    public async Task Liveness_runs_no_checks_and_answers_Healthy_uncached()
    {
        await using var server = await StartAsync(checks => checks.AddCheck("db", () => HealthCheckResult.Unhealthy("down")));
        using var client = server.CreateClient();

        using var response = await client.GetAsync("/healthz");

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(await response.Content.ReadAsStringAsync(), Is.EqualTo("Healthy"));
        Assert.That(response.Headers.CacheControl?.NoStore, Is.True);
        Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo("text/plain"));
    }

    [TestCase("Healthy", HttpStatusCode.OK)]
    [TestCase("Degraded", HttpStatusCode.OK)]
    [TestCase("Unhealthy", HttpStatusCode.ServiceUnavailable)]
    public async Task Readiness_reports_the_worst_check(string status, HttpStatusCode expected)
    {
        var result = new HealthCheckResult(Enum.Parse<HealthStatus>(status), "the database");
        await using var server = await StartAsync(checks => checks
            .AddCheck("cache", () => HealthCheckResult.Healthy())
            .AddCheck("db", () => result));
        using var client = server.CreateClient();

        using var response = await client.GetAsync("/readyz");

        Assert.That((response.StatusCode, await response.Content.ReadAsStringAsync()), Is.EqualTo((expected, status)));
    }

    [Test]
    public async Task Json_lists_each_check_and_hides_exception_messages()
    {
        await using var server = await StartAsync(checks => checks
            .AddCheck("cache", () => HealthCheckResult.Degraded("slow"))
            .AddCheck("db", (Func<HealthCheckResult>)(() => throw new InvalidOperationException("Password=hunter2"))));
        using var client = server.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/readyz");
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));

        using var response = await client.SendAsync(request);
        string body = await response.Content.ReadAsStringAsync();
        using var json = JsonDocument.Parse(body);
        var checks = json.RootElement.GetProperty("checks");

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.ServiceUnavailable));
        Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/json"));
        Assert.That(json.RootElement.GetProperty("status").GetString(), Is.EqualTo("Unhealthy"));
        Assert.That(checks.GetProperty("cache").GetProperty("status").GetString(), Is.EqualTo("Degraded"));
        Assert.That(checks.GetProperty("cache").GetProperty("description").GetString(), Is.EqualTo("slow"));
        Assert.That(checks.GetProperty("db").GetProperty("description").GetString(), Is.EqualTo("The check threw InvalidOperationException."));
        Assert.That(body, Does.Not.Contain("hunter2"));
    }

    [Test]
    public async Task While_the_app_drains_readiness_is_503_and_requests_are_still_served()
    {
        await using var server = await StartAsync(
            checks => checks.AddCheck("db", () => HealthCheckResult.Healthy()),
            options => options.ShutdownDelay = TimeSpan.FromMinutes(5));
        using var client = server.CreateClient();
        Assert.That((await client.GetAsync("/readyz")).StatusCode, Is.EqualTo(HttpStatusCode.OK), "ready before the stop");

        using var hurry = new CancellationTokenSource();
        Task stopping = server.App.StopAsync(hurry.Token);
        await server.Logs.WaitForAsync(m => m.StartsWith("Shutting down in", StringComparison.Ordinal), TimeSpan.FromSeconds(10));

        using var ready = await client.GetAsync("/readyz");
        using var live = await client.GetAsync("/healthz");
        using var work = await client.GetAsync("/work");
        Assert.That(ready.StatusCode, Is.EqualTo(HttpStatusCode.ServiceUnavailable));
        Assert.That(live.StatusCode, Is.EqualTo(HttpStatusCode.OK), "liveness is not readiness");
        Assert.That(await work.Content.ReadAsStringAsync(), Is.EqualTo("done"));
        Assert.That(stopping.IsCompleted, Is.False, "still inside the shutdown delay");

        await hurry.CancelAsync();
        await stopping.WaitAsync(TimeSpan.FromSeconds(30));
    }

    [Test]
    public async Task Mapping_health_checks_without_the_services_names_the_fix()
    {
        await using var app = MicroWebApp.CreateBuilder([]).Build();

        var error = Assert.Throws<InvalidOperationException>(() => app.MapHealthChecks("/healthz"));

        Assert.That(error!.Message, Does.Contain("builder.Services.AddHealthChecks()"));
    }

    [Test]
    public void A_negative_shutdown_delay_is_a_startup_error_naming_the_key()
    {
        var error = Assert.Throws<InvalidOperationException>(() => MicroWebApp.CreateBuilder(["--Server:ShutdownDelay=-00:00:01"]).Build());

        Assert.That(error!.Message, Does.Contain("ShutdownDelay"));
    }
}
