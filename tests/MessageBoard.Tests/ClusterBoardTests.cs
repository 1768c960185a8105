using System.Net;
using System.Security.Cryptography;
using MicroWeb.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace MessageBoard.Tests;

/// <summary>
/// The message board as three instances behind a load balancer (<see cref="MicroWebTestCluster"/>), sharing
/// one SQLite file and one key as production instances would: what one instance does, the others see.
/// </summary>
public class ClusterBoardTests
{
    private static readonly string s_key = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));

    private static (MicroWebTestCluster Cluster, string DatabasePath) Start()
    {
        var databasePath = Path.Combine(Path.GetTempPath(), $"messageboard-cluster-{Guid.NewGuid():N}.db");
        var cluster = MicroWebTestCluster.Create(3, args => MessageBoardApp.Build(args))
            .WithSetting("ContentRoot", BoardApp.SampleDirectory())
            .WithSetting("MessageBoard:Database", databasePath)
            .WithSetting("Security:Key", s_key)
            .ConfigureServices(services => services.AddLogging(logging => logging.ClearProviders()));
        try
        {
            Assert.That(cluster.IsRunning(2), Is.True); // starts the instances, so each one creates or opens the file in turn
        }
        catch
        {
            StopAsync(cluster, databasePath).GetAwaiter().GetResult();
            throw;
        }
        return (cluster, databasePath);
    }

    private static async Task StopAsync(MicroWebTestCluster cluster, string databasePath)
    {
        await cluster.DisposeAsync();
        BoardApp.DeleteDatabase(databasePath);
    }

    /// <summary>Clients for single instances that share one cookie jar: one browser, the balancer choosing the instance.</summary>
    private static HttpClient[] Browser(MicroWebTestCluster cluster)
    {
        var jar = new CookieContainer();
        return [.. Enumerable.Range(0, cluster.Count).Select(i => cluster.CreateClient(i, new MicroWebTestClientOptions { AllowAutoRedirect = false, CookieContainer = jar }))];
    }

    [Test]
    public async Task Registered_on_one_instance_posted_through_another_seen_on_the_third()
    {
        var (cluster, databasePath) = Start();
        try
        {
            var browser = Browser(cluster);
            using (var register = await BoardApp.PostFormAsync(browser[0], "/register", "/register", ("username", "ada"), ("password", "correct horse")))
            {
                Assert.That(register.StatusCode, Is.EqualTo(HttpStatusCode.Found), await register.Content.ReadAsStringAsync());
                Assert.That(MicroWebTestCluster.InstanceOf(register), Is.EqualTo(0));
            }

            using (var post = await BoardApp.PostMessageAsync(browser[1], "hello from instance one"))
            {
                Assert.That(post.StatusCode, Is.EqualTo(HttpStatusCode.Found), "signed in on 0, accepted by 1: " + await post.Content.ReadAsStringAsync());
                Assert.That(post.Headers.Location?.OriginalString, Is.EqualTo("/"));
            }

            var elsewhere = cluster.CreateClient(2);
            Assert.That(await elsewhere.GetStringAsync("/"), Does.Contain("hello from instance one"), "an anonymous visitor on instance 2 sees the post");
            Assert.That(await browser[2].GetStringAsync("/users/ada"), Does.Contain("hello from instance one"));
        }
        finally
        {
            await StopAsync(cluster, databasePath);
        }
    }

    [Test]
    public async Task A_form_fetched_from_one_instance_is_accepted_by_another()
    {
        var (cluster, databasePath) = Start();
        try
        {
            var browser = Browser(cluster);
            var html = await browser[0].GetStringAsync("/register");
            var token = BoardApp.Csrf(html);

            using var response = await browser[1].PostAsync("/register", new FormUrlEncodedContent(
                [new("username", "grace"), new("password", "correct horse"), new("__csrf", token)]));

            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Found), await response.Content.ReadAsStringAsync());
            Assert.That(MicroWebTestCluster.InstanceOf(response), Is.EqualTo(1));
        }
        finally
        {
            await StopAsync(cluster, databasePath);
        }
    }

    [Test]
    public async Task A_form_posted_to_an_instance_with_another_key_is_refused()
    {
        // The control for the test above: the token only crosses instances because they share the key.
        var (cluster, databasePath) = Start();
        try
        {
            await cluster.RestartAsync(1, host => host.WithSetting("Security:Key", Convert.ToBase64String(RandomNumberGenerator.GetBytes(32))));
            var browser = Browser(cluster);
            var token = BoardApp.Csrf(await browser[0].GetStringAsync("/register"));

            using var response = await browser[1].PostAsync("/register", new FormUrlEncodedContent(
                [new("username", "grace"), new("password", "correct horse"), new("__csrf", token)]));

            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        }
        finally
        {
            await StopAsync(cluster, databasePath);
        }
    }
}
