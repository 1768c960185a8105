using System.Net;
using Microsoft.Extensions.Logging;
using MicroWeb.Tests.Support;

namespace MicroWeb.Tests.HttpResults;

public sealed class PagesController : Controller
{
    [HttpGet("/views/board")]
    public IResult Board() => View("board.html", new
    {
        title = "Board <main>",
        messages = new[] { new { author = "ada", text = "<script>alert(1)</script>" }, new { author = "grace", text = "hello & bye" } },
    });

    [HttpGet("/views/big")]
    public IResult Big() => View("big.html", new { rows = Enumerable.Range(0, 5000).Select(i => new { i }).ToArray() });

    [HttpGet("/views/missing-partial")]
    public IResult MissingPartial() => View("uses-missing.html", null);

    [HttpGet("/views/broken")]
    public IResult Broken() => View("broken.html", null);
}

public class ViewIntegrationTests
{
    private string _root = null!;

    [SetUp]
    public void CreateTemplates()
    {
        _root = Directory.CreateTempSubdirectory("microweb-views-").FullName;
        var templates = Directory.CreateDirectory(Path.Combine(_root, "templates")).FullName;
        File.WriteAllText(Path.Combine(templates, "layout.html"), "<html><title><<title>></title>\n<<$body>><</body>>\n</html>\n");
        File.WriteAllText(Path.Combine(templates, "message.html"), "<li><<author>>: <<text>></li>\n");
        File.WriteAllText(Path.Combine(templates, "board.html"), "<<< layout.html>>\n<<$body>>\n<ul>\n<<#messages>>\n<<> message.html>>\n<</messages>>\n</ul>\n<</body>>\n<</ layout.html>>\n");
        File.WriteAllText(Path.Combine(templates, "big.html"), "<<#rows>><p>row number <<i>> with some padding text to make it long</p>\n<</rows>>");
        File.WriteAllText(Path.Combine(templates, "uses-missing.html"), "before <<> nowhere.html>> after");
        File.WriteAllText(Path.Combine(templates, "broken.html"), "line one\n<<#open>> never closed");
    }

    [TearDown]
    public void DeleteTemplates() => Directory.Delete(_root, recursive: true);

    private Task<InMemoryServer> StartAsync() => InMemoryServer.StartAsync(null,
        configurePipeline: app => app.MapControllers(typeof(PagesController)),
        args: ["--contentRoot", _root]);

    [Test]
    public async Task Controller_view_renders_layout_and_partials_escaped_as_utf8_html()
    {
        await using var server = await StartAsync();
        using var client = server.CreateClient();
        using var response = await client.GetAsync("/views/board");
        var html = await response.Content.ReadAsStringAsync();
        Assert.That(response.Content.Headers.ContentType!.ToString(), Is.EqualTo("text/html; charset=utf-8"));
        Assert.That(html, Does.StartWith("<html><title>Board &lt;main&gt;</title>"));
        Assert.That(html, Does.Contain("<li>ada: &lt;script&gt;alert(1)&lt;/script&gt;</li>"));
        Assert.That(html, Does.Contain("<li>grace: hello &amp; bye</li>"));
        Assert.That(html, Does.Not.Contain("<script>"));
    }

    [Test]
    public async Task Large_view_streams_into_the_response()
    {
        await using var server = await StartAsync();
        using var client = server.CreateClient();
        using var response = await client.GetAsync("/views/big");
        var html = await response.Content.ReadAsStringAsync();
        Assert.That(response.Headers.TransferEncodingChunked, Is.True, "over the response buffer: streamed, not built as one string");
        Assert.That(html, Does.Contain("row number 4999 with"));
    }

    [Test]
    public async Task Missing_partial_is_a_500_with_a_log_line_naming_it()
    {
        await using var server = await StartAsync();
        using var client = server.CreateClient();
        using var response = await client.GetAsync("/views/missing-partial");
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.InternalServerError));
        Assert.That(await response.Content.ReadAsStringAsync(), Does.Not.Contain("before"), "the half-rendered page is discarded");
        var error = server.Logs.Entries.Single(e => e.Level == LogLevel.Error);
        Assert.That(error.Exception!.Message, Does.Contain("nowhere.html").And.Contain("uses-missing.html"));
    }

    [Test]
    public async Task Template_syntax_error_names_file_line_and_column()
    {
        await using var server = await StartAsync();
        using var client = server.CreateClient();
        using var response = await client.GetAsync("/views/broken");
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.InternalServerError));
        var error = server.Logs.Entries.Single(e => e.Level == LogLevel.Error);
        Assert.That(error.Exception!.Message, Does.Contain("broken.html(2,1)"));
    }
}
