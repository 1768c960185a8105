using System.Net;
using System.Security.Cryptography;
using System.Text.Json;
using MicroWeb;
using Microsoft.Extensions.Logging;
using static MessageBoard.Tests.BoardApp;

namespace MessageBoard.Tests;

/// <summary>The board's error pages over a real socket: branded, in its layout, for browsers; problem+json for API clients.</summary>
[Parallelizable(ParallelScope.None)]
public sealed class ErrorPageTests
{
    private const string Browser = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8";

    private static async Task<HttpResponseMessage> GetAsync(HttpClient client, string path, string accept)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.TryAddWithoutValidation("Accept", accept);
        return await client.SendAsync(request);
    }

    private static void AssertInLayout(string html, string title)
    {
        Assert.That(html, Does.Contain($"<title>{title} · MessageBoard</title>"), "the layout's title, with the status");
        Assert.That(html, Does.Contain("class=\"site-header\"").And.Contain("href=\"/static/site.css\"").And.Contain("Built with MicroWeb"));
        Assert.That(html, Does.Contain("role=\"alert\"").And.Contain("Back to the board"));
    }

    [Test]
    public async Task A_404_is_the_boards_page_for_a_browser_and_problem_json_for_an_API_client()
    {
        await using var app = await StartAsync();
        var client = app.CreateClient();
        using (var response = await GetAsync(client, "/no/such/page", Browser))
        {
            var html = await response.Content.ReadAsStringAsync();
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
            Assert.That(response.Content.Headers.ContentType!.MediaType, Is.EqualTo("text/html"));
            AssertInLayout(html, "404 Not Found");
            Assert.That(html, Does.Contain("<h1>Page not found</h1>").And.Contain("<code>/no/such/page</code>"));
            Assert.That(html, Does.Contain("Log in"), "nobody is signed in");
        }
        using (var response = await GetAsync(client, "/users/nobody", "application/json"))
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
            Assert.That(response.Content.Headers.ContentType!.MediaType, Is.EqualTo("application/problem+json"));
            using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
            Assert.That(problem.RootElement.GetProperty("status").GetInt32(), Is.EqualTo(404));
            Assert.That(problem.RootElement.GetProperty("title").GetString(), Is.EqualTo("Not Found"));
            Assert.That(problem.RootElement.GetProperty("traceId").GetString(), Is.Not.Empty);
        }
        using (var response = await client.GetAsync("/no/such/page"))
            Assert.That(await response.Content.ReadAsStringAsync(), Is.EqualTo("404 Not Found"), "no Accept (curl): text");
    }

    [Test]
    public async Task Deleting_someone_elses_message_is_the_boards_403_page_with_the_signed_in_user()
    {
        await using var app = await StartAsync();
        var ada = await RegisterAsync(app, "ada");
        using (var post = await PostMessageAsync(ada, "Mine"))
            Assert.That(post.StatusCode, Is.EqualTo(HttpStatusCode.Found));
        long id = LastMessageId(await ada.GetStringAsync("/"));

        var bob = await RegisterAsync(app, "bob");
        bob.DefaultRequestHeaders.TryAddWithoutValidation("Accept", Browser);
        using var forbidden = await PostFormAsync(bob, "/", $"/messages/{id}/delete");
        var html = await forbidden.Content.ReadAsStringAsync();
        Assert.That(forbidden.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
        AssertInLayout(html, "403 Forbidden");
        Assert.That(html, Does.Contain("you can only delete your own messages"));
        Assert.That(html, Does.Contain("@bob").And.Contain("Log out").And.Contain("name=\"__csrf\""), "the layout knows who is signed in");
    }

    [Test]
    public async Task A_handler_that_throws_is_the_boards_500_page_without_details()
    {
        string databasePath = Path.Combine(Path.GetTempPath(), $"messageboard-test-{Guid.NewGuid():N}.db");
        var app = MessageBoardApp.Build(
            ["--contentRoot", SampleDirectory(), "--MessageBoard:Database=" + databasePath, "--Security:Key", Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)), "--environment", "Production"],
            builder =>
            {
                builder.Logging.ClearProviders();
                builder.ConfigureServer(options => options.Urls = "http://127.0.0.1:0");
            });
        try
        {
            // The board has no handler that fails; this one, mapped next to its routes, stands for a bug.
            app.MapGet("/boom", (Func<string>)(() => throw new InvalidOperationException("secret detail")));
            await app.StartAsync();
            using var client = new HttpClient { BaseAddress = new Uri(app.Urls[0]), Timeout = TimeSpan.FromSeconds(30) };
            using (var response = await GetAsync(client, "/boom", Browser))
            {
                var html = await response.Content.ReadAsStringAsync();
                Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.InternalServerError));
                AssertInLayout(html, "500 Internal Server Error");
                Assert.That(html, Does.Contain("Something went wrong on the server.").And.Contain("Request <code>"));
                Assert.That(html, Does.Not.Contain("secret detail").And.Not.Contain("InvalidOperationException"));
            }
            using (var response = await GetAsync(client, "/boom", "application/json"))
            {
                Assert.That(response.Content.Headers.ContentType!.MediaType, Is.EqualTo("application/problem+json"));
                Assert.That(await response.Content.ReadAsStringAsync(), Does.Contain("\"status\":500").And.Not.Contain("secret detail"));
            }
        }
        finally
        {
            await app.DisposeAsync();
            DeleteDatabase(databasePath);
        }
    }
}
