using System.Net;
using MicroWeb.Tests.Support;

namespace MicroWeb.Tests.Middleware.LiveReload;

/// <summary>Live reload as the hosting layer installs it: Development only, over a real socket.</summary>
public class LiveReloadTests
{
    private static readonly TimeSpan s_deadline = TimeSpan.FromSeconds(10);

    private TempDirectory _root = null!;

    [SetUp]
    public void CreateContentRoot()
    {
        _root = new TempDirectory();
        _root.Write("templates/page.html", "<<< layout.html>>\n<<$main>>\n<p><<text>></p>\n<</main>>\n<</ layout.html>>\n");
        _root.Write("templates/layout.html", "<!doctype html>\n<html>\n<head><link rel=\"stylesheet\" href=\"/static/site.css\"></head>\n<body>\n<<$main>><</main>>\n</body>\n</html>\n");
        _root.Write("static/site.css", "body { color: black; }\n");
    }

    [TearDown]
    public void DeleteContentRoot() => _root.Dispose();

    private Task<TestServer> StartAsync(string environment, params string[] more) => TestServer.StartAsync(null,
        configurePipeline: app =>
        {
            app.MapGet("/page", () => Results.View("page.html", new { text = "hello <you>" }));
            app.MapGet("/fragment", () => Results.View("page.html", new { text = "hi" }).Fragment("main"));
            app.MapGet("/json", () => Results.Json(new { html = "</body>" }));
        },
        args: ["--environment", environment, "--contentRoot", _root.Path, .. more]);

    [Test]
    public async Task Development_pages_reference_the_reload_script_before_the_closing_body_tag()
    {
        await using var server = await StartAsync("Development");
        using var client = server.CreateClient();

        var page = await client.GetStringAsync("/page");
        using var script = await client.GetAsync("/_microweb/reload.js");

        Assert.That(page, Does.Contain("<p>hello &lt;you&gt;</p>\n"));
        Assert.That(page, Does.EndWith("\n<script src=\"/_microweb/reload.js\"></script>\n</body>\n</html>\n"));
        Assert.That(script.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(script.Content.Headers.ContentType!.MediaType, Is.EqualTo("text/javascript"));
        Assert.That(await script.Content.ReadAsStringAsync(), Does.Contain("new EventSource("));
    }

    [Test]
    public async Task Under_a_path_base_the_tag_and_the_script_carry_it()
    {
        await using var server = await StartAsync("Development", "--Server:PathBase=/board");
        using var client = server.CreateClient();

        var page = await client.GetStringAsync("/board/page");
        using var script = await client.GetAsync("/board/_microweb/reload.js");

        Assert.That(page, Does.Contain("<script src=\"/board/_microweb/reload.js\"></script>\n</body>"));
        Assert.That(script.StatusCode, Is.EqualTo(HttpStatusCode.OK));
    }

    [Test]
    public async Task Fragments_and_json_get_no_script_in_development()
    {
        await using var server = await StartAsync("Development");
        using var client = server.CreateClient();

        Assert.That(await client.GetStringAsync("/fragment"), Is.EqualTo("<p>hi</p>\n"));
        Assert.That(await client.GetStringAsync("/json"), Is.EqualTo("{\"html\":\"\\u003C/body\\u003E\"}"));
    }

    [TestCase("Production")]
    [TestCase("Staging")]
    public async Task Outside_development_nothing_is_installed(string environment)
    {
        await using var server = await StartAsync(environment);
        using var client = server.CreateClient();

        var page = await client.GetStringAsync("/page");
        using var script = await client.GetAsync("/_microweb/reload.js");
        using var events = await client.GetAsync("/_microweb/reload");

        Assert.That(page, Does.Not.Contain("reload.js"));
        Assert.That(script.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
        Assert.That(events.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
    }

    [Test]
    public async Task Development_LiveReload_false_turns_it_off_in_development()
    {
        await using var server = await StartAsync("Development", "--Development:LiveReload=false");
        using var client = server.CreateClient();

        Assert.That(await client.GetStringAsync("/page"), Does.Not.Contain("reload.js"));
        using var script = await client.GetAsync("/_microweb/reload.js");
        Assert.That(script.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
    }

    [Test]
    public async Task An_invalid_LiveReload_value_fails_startup_naming_the_key()
    {
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => StartAsync("Development", "--Development:LiveReload=sometimes"));

        Assert.That(error!.Message, Does.Contain("Development:LiveReload").And.Contain("sometimes"));
    }

    [Test]
    public async Task A_template_change_sends_reload_and_a_stylesheet_change_sends_css()
    {
        await using var server = await StartAsync("Development");
        using var client = server.CreateClient();
        using var deadline = new CancellationTokenSource(s_deadline);
        using var response = await client.GetAsync("/_microweb/reload", HttpCompletionOption.ResponseHeadersRead, deadline.Token);
        using var events = new StreamReader(await response.Content.ReadAsStreamAsync(deadline.Token));
        Assert.That(response.Content.Headers.ContentType!.MediaType, Is.EqualTo("text/event-stream"));
        Assert.That(await ReadEventAsync(events, deadline.Token), Does.StartWith("retry: 1000\nevent: hello\ndata: "));

        _root.Write("templates/page.html", "<<< layout.html>>\n<<$main>>\n<p>changed</p>\n<</main>>\n<</ layout.html>>\n");
        Assert.That(await ReadEventAsync(events, deadline.Token), Is.EqualTo("event: reload\ndata: page"));

        _root.Write("static/site.css", "body { color: red; }\n");
        Assert.That(await ReadEventAsync(events, deadline.Token), Is.EqualTo("event: css\ndata: site.css"));
    }

    [Test]
    public async Task Stopping_the_app_ends_the_event_streams_so_shutdown_does_not_wait_for_them()
    {
        var server = await StartAsync("Development");
        await using var _ = server;
        using var client = server.CreateClient();
        using var deadline = new CancellationTokenSource(s_deadline);
        using var response = await client.GetAsync("/_microweb/reload", HttpCompletionOption.ResponseHeadersRead, deadline.Token);
        using var events = new StreamReader(await response.Content.ReadAsStreamAsync(deadline.Token));
        await ReadEventAsync(events, deadline.Token);

        var stop = server.App.StopAsync(deadline.Token);

        // The stream ends normally (not by an abort after ShutdownTimeout, which the deadline is shorter than).
        Assert.That(await events.ReadLineAsync(deadline.Token), Is.Null);
        await stop;
        Assert.That(server.Logs.Entries.Select(e => e.Message), Has.None.Contains("Shutdown timed out"));
    }

    /// <summary>The next event's lines, without the blank line that ends it.</summary>
    private static async Task<string> ReadEventAsync(StreamReader reader, CancellationToken cancellationToken)
    {
        var lines = new List<string>();
        while (await reader.ReadLineAsync(cancellationToken) is { } line)
        {
            if (line.Length == 0) return string.Join("\n", lines);
            lines.Add(line);
        }
        throw new EndOfStreamException("The event stream ended: " + string.Join("\n", lines));
    }
}
