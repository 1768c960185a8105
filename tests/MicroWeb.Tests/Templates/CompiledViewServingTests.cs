using MicroWeb.Tests.Support;

namespace MicroWeb.Tests.Templates;

public sealed class CompiledPagesController : Controller
{
    [HttpGet("/compiled/page")]
    public IResult Page() => View(new LayoutPageView
    {
        Title = "Compiled & served",
        Items = [new ListItem { Id = 1, Name = "<one>" }, new ListItem { Id = 2, Name = "two" }],
    }).FragmentIfHtmx("item");

    [HttpGet("/compiled/missing-fragment")]
    public IResult MissingFragment() => View(new LayoutPageView { Title = "x" }).Fragment("nope");
}

/// <summary>A controller returning a compiled view over a real socket, and the Development fallback to the runtime engine.</summary>
public class CompiledViewServingTests
{
    private string _root = null!;
    private string _page = null!;

    [SetUp]
    public void CopyTemplates()
    {
        _root = Directory.CreateTempSubdirectory("microweb-compiled-").FullName;
        var target = Directory.CreateDirectory(Path.Combine(_root, "templates", "compiled")).FullName;
        foreach (var file in Directory.GetFiles(Path.Combine(AppContext.BaseDirectory, "Templates", "compiled")))
            File.Copy(file, Path.Combine(target, Path.GetFileName(file)));
        _page = Path.Combine(target, "page.html");
    }

    [TearDown]
    public void DeleteTemplates() => Directory.Delete(_root, recursive: true);

    private Task<TestServer> StartAsync(string environment) => TestServer.StartAsync(null,
        configurePipeline: app => app.MapControllers(typeof(CompiledPagesController)),
        args: ["--contentRoot", _root, "--environment", environment]);

    [Test]
    public async Task Controller_returns_a_compiled_view_over_a_socket()
    {
        await using var server = await StartAsync("Production");
        using var client = server.CreateClient();

        using var response = await client.GetAsync("/compiled/page");
        var html = await response.Content.ReadAsStringAsync();

        Assert.That((int)response.StatusCode, Is.EqualTo(200));
        Assert.That(response.Content.Headers.ContentType!.ToString(), Is.EqualTo("text/html; charset=utf-8"));
        Assert.That(html, Does.StartWith("<html>\n<head><title>Compiled &amp; served</title></head>"));
        Assert.That(html, Does.Contain("  <ul>\n    <li>&lt;one&gt;</li>\n"));
        Assert.That(html, Does.EndWith("<footer>mid footer for Compiled &amp; served</footer>\n</body>\n</html>\n"));
        Assert.That(response.Content.Headers.ContentLength, Is.EqualTo(System.Text.Encoding.UTF8.GetByteCount(html)));
    }

    [Test]
    public async Task Htmx_request_gets_the_compiled_fragment()
    {
        await using var server = await StartAsync("Production");
        using var client = server.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/compiled/page");
        request.Headers.Add("HX-Request", "true");

        using var response = await client.SendAsync(request);

        Assert.That(await response.Content.ReadAsStringAsync(), Is.EqualTo("<li>&lt;one&gt;</li><li>two</li>"));
        Assert.That(response.Headers.Vary, Does.Contain("HX-Request"));
    }

    [Test]
    public async Task Unknown_fragment_of_a_compiled_view_is_a_500()
    {
        await using var server = await StartAsync("Production");
        using var client = server.CreateClient();

        using var response = await client.GetAsync("/compiled/missing-fragment");

        Assert.That((int)response.StatusCode, Is.EqualTo(500));
        Assert.That(server.Logs.Entries.Select(e => e.Exception?.Message ?? ""), Has.Some.Contains("No block 'nope'"));
    }

    [Test]
    public async Task Production_renders_the_compiled_template_even_when_the_file_changed()
    {
        await using var server = await StartAsync("Production");
        using var client = server.CreateClient();
        File.WriteAllText(_page, "edited <<title>>");

        var html = await client.GetStringAsync("/compiled/page");

        Assert.That(html, Does.StartWith("<html>"));
        Assert.That(html, Does.Not.Contain("edited"));
    }

    [Test]
    public async Task Development_renders_an_edited_template_with_the_runtime_engine_and_the_same_model()
    {
        await using var server = await StartAsync("Development");
        using var client = server.CreateClient();
        var compiled = await client.GetStringAsync("/compiled/page");
        Assert.That(compiled, Does.StartWith("<html>"), "unchanged files: the compiled view");

        File.WriteAllText(_page, "edited <<title>>: <<#items>><<name>>;<</items>>");
        File.SetLastWriteTimeUtc(_page, DateTime.UtcNow.AddSeconds(5));
        var edited = await client.GetStringAsync("/compiled/page");

        Assert.That(edited, Is.EqualTo("edited Compiled &amp; served: &lt;one&gt;;two;"));
    }

    [Test]
    public void Engine_sees_a_compiled_view_as_current_until_its_files_change_and_again_once_restored()
    {
        ICompiledView view = new LayoutPageView();
        var reloading = new MicroWeb.Templates.TemplateEngine(new MicroWeb.Templates.TemplateOptions { ReloadOnChange = true }, _root);
        var fixedEngine = new MicroWeb.Templates.TemplateEngine(new MicroWeb.Templates.TemplateOptions(), _root);
        Assert.That(view.TemplateFiles, Is.EqualTo(new[] { "compiled/page.html", "compiled/mid.html", "compiled/layout.html", "compiled/row.html" }));
        Assert.That(reloading.IsCurrent(view.GetType(), view.TemplateFiles, view.TemplateHash), Is.True);

        var original = File.ReadAllText(_page);
        File.WriteAllText(_page, original + "<!-- more -->");
        File.SetLastWriteTimeUtc(_page, DateTime.UtcNow.AddSeconds(5));
        Assert.That(reloading.IsCurrent(view.GetType(), view.TemplateFiles, view.TemplateHash), Is.False);
        Assert.That(fixedEngine.IsCurrent(view.GetType(), view.TemplateFiles, view.TemplateHash), Is.True, "without ReloadOnChange the compiled code always wins");

        File.WriteAllText(_page, original);
        File.SetLastWriteTimeUtc(_page, DateTime.UtcNow.AddSeconds(10));
        Assert.That(reloading.IsCurrent(view.GetType(), view.TemplateFiles, view.TemplateHash), Is.True);

        File.Delete(Path.Combine(_root, "templates", "compiled", "row.html"));
        Assert.That(reloading.IsCurrent(view.GetType(), view.TemplateFiles, view.TemplateHash), Is.False, "a deleted partial");
    }
}
