using MicroWeb.Templates;

namespace MicroWeb.Tests.Templates;

public class TemplateEngineTests
{
    private string _contentRoot = "";

    private string Folder => Path.Combine(_contentRoot, "templates");

    [SetUp]
    public void CreateFolder()
    {
        _contentRoot = Path.Combine(Path.GetTempPath(), "microweb-templates-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Path.Combine(_contentRoot, "templates"));
    }

    [TearDown]
    public void DeleteFolder() => Directory.Delete(_contentRoot, recursive: true);

    private TemplateEngine Engine(bool reload = false, int capacity = 256, int maxDepth = 32) =>
        new(new TemplateOptions { ReloadOnChange = reload, CacheCapacity = capacity, MaxDepth = maxDepth }, _contentRoot);

    private void Write(string name, string text)
    {
        var path = Path.Combine(Folder, name);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, text);
    }

    [Test]
    public void Renders_a_template_file_from_the_folder()
    {
        Write("hello.html", "Hello <<name>>!");

        Assert.That(Engine().Render("hello.html", new { name = "<you>" }), Is.EqualTo("Hello &lt;you&gt;!"));
    }

    [Test]
    public void Renders_into_a_writer()
    {
        Write("hello.html", "Hello <<name>>!");
        using var writer = new StringWriter();

        Engine().Render("hello.html", new { name = "you" }, writer);

        Assert.That(writer.ToString(), Is.EqualTo("Hello you!"));
    }

    [Test]
    public void Layout_blocks_are_replaced_and_partials_resolve_by_file_name()
    {
        Write("layout.html", "<html>\n<head><title><<$title>>Site<</title>></title></head>\n<body>\n  <<>partials/nav.html>>\n  <<$body>>\n  <</body>>\n</body>\n</html>\n");
        Write("partials/nav.html", "<nav>\n  <a href=\"/\"><<site>></a>\n</nav>\n");
        Write("messages.html", "<<< layout.html>>\n<<$title>>Messages<</title>>\n<<$body>>\n<ul>\n  <<#messages>>\n  <li><<.>></li>\n  <</messages>>\n</ul>\n<</body>>\n<</ layout.html>>\n");

        var output = Engine().Render("messages.html", new { site = "Board", messages = new[] { "hi", "<b>" } });

        Assert.That(output, Is.EqualTo(
            "<html>\n<head><title>Messages</title></head>\n<body>\n  <nav>\n    <a href=\"/\">Board</a>\n  </nav>\n" +
            "  <ul>\n    <li>hi</li>\n    <li>&lt;b&gt;</li>\n  </ul>\n</body>\n</html>\n"));
    }

    [Test]
    public void Parsed_templates_are_cached()
    {
        Write("a.html", "a");
        var engine = Engine();

        Assert.That(engine.GetTemplate("a.html"), Is.SameAs(engine.GetTemplate(" a.html ")));
    }

    [Test]
    public void Cache_drops_the_least_recently_used_template_beyond_its_capacity()
    {
        Write("a.html", "a");
        Write("b.html", "b");
        Write("c.html", "c");
        var engine = Engine(capacity: 2);
        var a = engine.GetTemplate("a.html");
        var b = engine.GetTemplate("b.html");
        engine.GetTemplate("a.html");

        engine.GetTemplate("c.html");

        Assert.Multiple(() =>
        {
            Assert.That(engine.GetTemplate("a.html"), Is.SameAs(a));
            Assert.That(engine.GetTemplate("b.html"), Is.Not.SameAs(b));
        });
    }

    [Test]
    public void Edited_file_is_picked_up_on_next_render_when_reloading()
    {
        Write("page.html", "old");
        var engine = Engine(reload: true);
        Assert.That(engine.Render("page.html", null), Is.EqualTo("old"));

        Write("page.html", "new");
        File.SetLastWriteTimeUtc(Path.Combine(Folder, "page.html"), DateTime.UtcNow.AddMinutes(1));

        Assert.That(engine.Render("page.html", null), Is.EqualTo("new"));
    }

    [Test]
    public void Edited_partial_is_picked_up_when_reloading()
    {
        Write("page.html", "[<<>part.html>>]");
        Write("part.html", "old");
        var engine = Engine(reload: true);
        Assert.That(engine.Render("page.html", null), Is.EqualTo("[old]"));

        Write("part.html", "new");
        File.SetLastWriteTimeUtc(Path.Combine(Folder, "part.html"), DateTime.UtcNow.AddMinutes(1));

        Assert.That(engine.Render("page.html", null), Is.EqualTo("[new]"));
    }

    [Test]
    public void Edited_file_is_not_reread_without_reloading()
    {
        Write("page.html", "old");
        var engine = Engine();
        engine.Render("page.html", null);

        Write("page.html", "new");
        File.SetLastWriteTimeUtc(Path.Combine(Folder, "page.html"), DateTime.UtcNow.AddMinutes(1));

        Assert.That(engine.Render("page.html", null), Is.EqualTo("old"));
    }

    [Test]
    public void Missing_partial_is_an_error_naming_it_and_the_including_template()
    {
        Write("page.html", "<h1>x</h1>\n  <<> header.html >>\n");

        var error = Assert.Throws<TemplateException>(() => Engine().Render("page.html", null));

        Assert.Multiple(() =>
        {
            Assert.That(error!.TemplateName, Is.EqualTo("page.html"));
            Assert.That(error.Message, Does.StartWith("page.html(2,3): Partial 'header.html' not found"));
            Assert.That(error.Excerpt, Is.EqualTo("<<> header.html >>"));
        });
    }

    [Test]
    public void Missing_layout_is_an_error_naming_it()
    {
        Write("page.html", "<<<layout.html>><</layout.html>>");

        Assert.That(() => Engine().Render("page.html", null),
            Throws.TypeOf<TemplateException>().With.Message.StartWith("page.html(1,1): Layout 'layout.html' not found"));
    }

    [Test]
    public void Missing_template_is_an_error_naming_it() =>
        Assert.That(() => Engine().Render("nope.html", null),
            Throws.TypeOf<TemplateException>().With.Message.StartWith("nope.html: Template not found"));

    [Test]
    public void Syntax_error_names_the_file_line_and_column()
    {
        Write("bad.html", "<ul>\n  <<#items>>\n</ul>\n");

        Assert.That(() => Engine().Render("bad.html", null),
            Throws.TypeOf<TemplateException>().With.Message.EqualTo("bad.html(2,3): Unclosed section 'items' near '<<#items>>'"));
    }

    [TestCase("../secret.html")]
    [TestCase("sub/../../secret.html")]
    [TestCase("..\\secret.html")]
    [TestCase("/etc/passwd")]
    public void Names_that_escape_the_folder_are_rejected(string name)
    {
        File.WriteAllText(Path.Combine(_contentRoot, "secret.html"), "secret");

        Assert.That(() => Engine().Render(name, null),
            Throws.TypeOf<TemplateException>().With.Message.Contains("escapes the template folder"));
    }

    [Test]
    public void Partial_names_that_escape_the_folder_are_rejected()
    {
        File.WriteAllText(Path.Combine(_contentRoot, "secret.html"), "secret");
        Write("page.html", "<<>../secret.html>>");

        Assert.That(() => Engine().Render("page.html", null),
            Throws.TypeOf<TemplateException>().With.Message.StartWith("page.html(1,1): Partial '../secret.html': Template name '../secret.html' escapes the template folder"));
    }

    [Test]
    public void Recursive_partials_stop_at_the_depth_limit_with_an_error()
    {
        Write("a.html", "a<<>b.html>>");
        Write("b.html", "b<<>a.html>>");

        Assert.That(() => Engine(maxDepth: 5).Render("a.html", null),
            Throws.TypeOf<TemplateException>().With.Message.Contains("nest deeper than 5 levels"));
    }

    [Test]
    public void Recursive_layouts_stop_at_the_depth_limit_with_an_error()
    {
        Write("loop.html", "<<<loop.html>><</loop.html>>");

        Assert.That(() => Engine().Render("loop.html", null),
            Throws.TypeOf<TemplateException>().With.Message.Contains("nest deeper than 32 levels"));
    }

    [Test]
    public void Partial_recursion_over_data_within_the_limit_renders()
    {
        Write("tree.html", "<<name>><<#children>>(<<>tree.html>>)<</children>>");
        var tree = new { name = "a", children = new object[] { new { name = "b", children = new object[] { new { name = "c", children = Array.Empty<object>() } } } } };

        Assert.That(Engine().Render("tree.html", tree), Is.EqualTo("a(b(c))"));
    }

    [Test]
    public void Absolute_root_is_used_as_is()
    {
        Write("x.html", "x");
        var engine = new TemplateEngine(new TemplateOptions { Root = Folder }, "/elsewhere");

        Assert.That(engine.Render("x.html", null), Is.EqualTo("x"));
    }

    [Test]
    public void Invalid_options_are_rejected() =>
        Assert.Multiple(() =>
        {
            Assert.That(() => new TemplateEngine(new TemplateOptions { CacheCapacity = 0 }, _contentRoot), Throws.TypeOf<ArgumentOutOfRangeException>());
            Assert.That(() => new TemplateEngine(new TemplateOptions { MaxDepth = 0 }, _contentRoot), Throws.TypeOf<ArgumentOutOfRangeException>());
        });

    [Test]
    public void Concurrent_renders_share_the_cache()
    {
        Write("page.html", "<<#items>><<>item.html>><</items>>");
        Write("item.html", "<<.>>,");
        var engine = Engine(reload: true, capacity: 1);

        var outputs = new string[32];
        Parallel.For(0, outputs.Length, i => outputs[i] = engine.Render("page.html", new { items = new[] { i, i + 1 } }));

        for (var i = 0; i < outputs.Length; i++)
            Assert.That(outputs[i], Is.EqualTo($"{i},{i + 1},"));
    }
}
