using System.Net;
using System.Net.Sockets;
using System.Text;
using MicroWeb.Tests.Support;

namespace MicroWeb.Tests.HttpResults;

public sealed class FragmentPagesController : Controller
{
    private static readonly object s_model = new { title = "Board", items = new[] { "a<b", "c" } };

    [HttpGet("/board")]
    public IResult Board() => View("board.html", s_model).FragmentIfHtmx("items");

    [HttpGet("/board/items")]
    public IResult Items() => View("board.html", s_model).Fragment("items");

    [HttpGet("/board/typo")]
    public IResult Typo() => View("board.html", s_model).Fragment("itmes");

    [HttpGet("/htmx")]
    public string Htmx() => $"{Request.IsHtmx()} {Request.WantsFragment()}";
}

/// <summary><c>View(...).Fragment</c> and <c>FragmentIfHtmx</c> through the real server on a socket.</summary>
public class ViewFragmentTests
{
    private string _root = null!;

    [SetUp]
    public void CreateTemplates()
    {
        _root = Directory.CreateTempSubdirectory("microweb-fragments-").FullName;
        var templates = Directory.CreateDirectory(Path.Combine(_root, "templates")).FullName;
        File.WriteAllText(Path.Combine(templates, "layout.html"), "<html><title><<title>></title>\n<body>\n<<$body>><</body>>\n</body>\n</html>\n");
        File.WriteAllText(Path.Combine(templates, "board.html"),
            "<<< layout.html>>\n<<$body>>\n<h1><<title>></h1>\n<<$items>>\n<ul>\n<<#items>>\n<li><<.>></li>\n<</items>>\n</ul>\n<</items>>\n<</body>>\n<</ layout.html>>\n");
    }

    [TearDown]
    public void DeleteTemplates() => Directory.Delete(_root, recursive: true);

    private Task<TestServer> StartAsync() => TestServer.StartAsync(null,
        configurePipeline: app => app.MapControllers(typeof(FragmentPagesController)),
        args: ["--contentRoot", _root, "--environment", "Production"]);

    private const string Fragment = "<ul>\n<li>a&lt;b</li>\n<li>c</li>\n</ul>\n";

    [Test]
    public async Task An_htmx_request_gets_the_block_only_with_vary_and_a_plain_request_the_whole_page()
    {
        await using var server = await StartAsync();
        using var client = server.CreateClient();
        using var htmx = new HttpRequestMessage(HttpMethod.Get, "/board") { Headers = { { "HX-Request", "true" } } };

        using var fragment = await client.SendAsync(htmx);
        using var page = await client.GetAsync("/board");

        Assert.That(await fragment.Content.ReadAsStringAsync(), Is.EqualTo(Fragment));
        Assert.That(fragment.Content.Headers.ContentType!.ToString(), Is.EqualTo("text/html; charset=utf-8"));
        Assert.That(fragment.Headers.Vary, Does.Contain("HX-Request"));
        var html = await page.Content.ReadAsStringAsync();
        Assert.That(html, Does.StartWith("<html><title>Board</title>\n<body>\n<h1>Board</h1>\n").And.Contain(Fragment));
        Assert.That(page.Headers.Vary, Does.Contain("HX-Request"), "the page varies too, or a cache could give it to htmx");
    }

    [Test]
    public async Task Over_a_raw_socket_the_fragment_response_is_the_block_only_with_its_length()
    {
        await using var server = await StartAsync();
        using var socket = new TcpClient();
        await socket.ConnectAsync(IPAddress.Loopback, server.Port);
        var stream = socket.GetStream();
        await stream.WriteAsync(Encoding.ASCII.GetBytes("GET /board HTTP/1.1\r\nHost: localhost\r\nHX-Request: true\r\nConnection: close\r\n\r\n"));
        using var reader = new StreamReader(stream, Encoding.UTF8);

        var response = await reader.ReadToEndAsync().WaitAsync(TimeSpan.FromSeconds(10));

        var split = response.IndexOf("\r\n\r\n", StringComparison.Ordinal);
        var head = response[..split];
        Assert.That(head, Does.StartWith("HTTP/1.1 200 OK\r\n"));
        Assert.That(head, Does.Contain("\r\nVary: HX-Request, HX-Boosted, HX-History-Restore-Request\r\n"));
        Assert.That(head, Does.Contain($"\r\nContent-Length: {Encoding.UTF8.GetByteCount(Fragment)}\r\n"));
        Assert.That(response[(split + 4)..], Is.EqualTo(Fragment));
    }

    [TestCase("HX-Boosted")]
    [TestCase("HX-History-Restore-Request")]
    public async Task Boosted_and_history_restore_requests_get_the_whole_page(string header)
    {
        await using var server = await StartAsync();
        using var client = server.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/board") { Headers = { { "HX-Request", "true" }, { header, "true" } } };

        using var response = await client.SendAsync(request);

        Assert.That(await response.Content.ReadAsStringAsync(), Does.StartWith("<html>"));
    }

    [Test]
    public async Task Fragment_renders_the_block_for_any_request_without_vary()
    {
        await using var server = await StartAsync();
        using var client = server.CreateClient();

        using var response = await client.GetAsync("/board/items");

        Assert.That(await response.Content.ReadAsStringAsync(), Is.EqualTo(Fragment));
        Assert.That(response.Headers.Vary, Is.Empty);
    }

    [Test]
    public async Task An_unknown_block_is_a_500_whose_logged_error_names_the_template_and_the_block()
    {
        await using var server = await StartAsync();
        using var client = server.CreateClient();

        using var response = await client.GetAsync("/board/typo");

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.InternalServerError));
        var logged = server.Logs.Entries.Select(e => e.Exception?.Message).OfType<string>().ToList();
        Assert.That(logged, Has.Some.Contains("'itmes'").And.Some.Contains("board.html"));
    }

    [TestCase(null, "False False")]
    [TestCase("true", "True True")]
    [TestCase("TRUE", "True True")]
    [TestCase("false", "False False")]
    public async Task IsHtmx_and_WantsFragment_read_HX_Request(string? value, string expected)
    {
        await using var server = await StartAsync();
        using var client = server.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/htmx");
        if (value is not null) request.Headers.Add("HX-Request", value);

        using var response = await client.SendAsync(request);

        Assert.That(await response.Content.ReadAsStringAsync(), Is.EqualTo(expected));
    }

    [Test]
    public void Fragment_methods_return_new_results_and_keep_the_view()
    {
        var view = Results.View("board.html", 42, 422);

        var fragment = view.Fragment("items");

        Assert.That((fragment.Name, fragment.Model, fragment.StatusCode, fragment.Block), Is.EqualTo(("board.html", (object)42, 422, "items")));
        Assert.That(view.Block, Is.Null);
        Assert.Throws<ArgumentException>(() => view.FragmentIfHtmx(""));
    }
}
