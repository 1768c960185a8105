using MicroWeb.Templates;

namespace MicroWeb.Tests.Templates;

/// <summary>Rendering one block of a page (an htmx fragment): the block as the page renders it, nothing around it.</summary>
public class FragmentTests
{
    private const string Layout =
        "<html>\n<head><title><<$title>>Site<</title>></title></head>\n<body>\n  <<>nav.html>>\n  <<$body>>\n  <</body>>\n</body>\n</html>\n";

    private const string Board =
        "<<< layout.html>>\n" +
        "<<$title>>Board<</title>>\n" +
        "<<$body>>\n" +
        "<h1><<heading>></h1>\n" +
        "<<$messages>>\n" +
        "<ul>\n" +
        "  <<#messages>>\n" +
        "  <<>message.html>>\n" +
        "  <</messages>>\n" +
        "</ul>\n" +
        "<<#pager>><a href=\"<<next>>\">Older</a><</pager>>\n" +
        "<</messages>>\n" +
        "<</body>>\n" +
        "<</ layout.html>>\n";

    private static readonly Dictionary<string, string> s_files = new()
    {
        ["layout.html"] = Layout,
        ["nav.html"] = "<nav><<site>></nav>\n",
        ["message.html"] = "<li><<author>>: <<text>></li>\n",
        ["board.html"] = Board,
    };

    private static readonly object s_model = new
    {
        site = "MicroWeb",
        heading = "Messages",
        messages = new[] { new { author = "ann", text = "<b>hi</b> & bye" }, new { author = "bob", text = "\"quoted\" 'single'" } },
        pager = new { next = "/?page=2&x=\"y\"" },
    };

    private static string? Partials(string name) => s_files.GetValueOrDefault(name);

    [Test]
    public void A_nested_block_of_a_page_with_a_layout_renders_alone_with_the_page_model()
    {
        var fragment = Template.Parse(Board, "board.html").RenderFragment("messages", s_model, Partials);

        Assert.That(fragment, Is.EqualTo(
            "<ul>\n" +
            "  <li>ann: &lt;b&gt;hi&lt;/b&gt; &amp; bye</li>\n" +
            "  <li>bob: &quot;quoted&quot; &#39;single&#39;</li>\n" +
            "</ul>\n" +
            "<a href=\"/?page=2&amp;x=&quot;y&quot;\">Older</a>\n"));
    }

    [Test]
    public void The_fragment_is_the_same_text_the_whole_page_contains_there()
    {
        var template = Template.Parse(Board, "board.html");

        var page = template.Render(s_model, Partials);
        var fragment = template.RenderFragment("messages", s_model, Partials);

        // In the page the block sits under <body> and is indented by the layout's two spaces; the fragment starts at column 0.
        var indented = string.Concat(fragment.Split('\n').Select(line => line.Length == 0 ? "" : "  " + line + "\n"));
        Assert.That(page, Does.Contain(indented));
        Assert.That(fragment, Does.Not.Contain("<html>").And.Not.Contain("<nav>").And.Not.Contain("<h1>"));
    }

    [Test]
    public void A_block_the_page_overrides_renders_the_override_and_one_it_does_not_renders_the_layout_default()
    {
        var template = Template.Parse(Board, "board.html");
        var plain = Template.Parse("<<< layout.html>>\n<<$body>>x<</body>>\n<</ layout.html>>\n", "plain.html");

        Assert.That(template.RenderFragment("title", s_model, Partials), Is.EqualTo("Board"));
        Assert.That(plain.RenderFragment("title", s_model, Partials), Is.EqualTo("Site"));
    }

    [Test]
    public void An_outer_block_contains_its_nested_blocks_and_partials()
    {
        var fragment = Template.Parse(Board, "board.html").RenderFragment("body", s_model, Partials);

        Assert.That(fragment, Does.StartWith("<h1>Messages</h1>\n<ul>\n  <li>ann: "));
        Assert.That(fragment, Does.EndWith("Older</a>\n"));
    }

    [Test]
    public void A_block_inside_a_section_renders_once_per_item_with_the_item_as_context()
    {
        var template = Template.Parse("<<#rows>><tr><<$row>><td><<name>></td><</row>></tr><</rows>>", "table.html");

        var fragment = template.RenderFragment("row", new { rows = new[] { new { name = "a<" }, new { name = "b" } } });

        Assert.That(fragment, Is.EqualTo("<td>a&lt;</td><td>b</td>"));
    }

    [Test]
    public void A_block_in_a_falsey_section_renders_nothing_but_is_not_an_error()
    {
        var template = Template.Parse("<<#show>><<$panel>>shown<</panel>><</show>>", "page.html");

        Assert.That(template.RenderFragment("panel", new { show = false }), Is.Empty);
        Assert.That(template.RenderFragment("panel", new { show = true }), Is.EqualTo("shown"));
    }

    [Test]
    public void A_block_defined_in_a_partial_is_found_and_rendered()
    {
        var template = Template.Parse("<p>before</p>\n<<>list.html>>\n<p>after</p>\n", "page.html");

        var fragment = template.RenderFragment("list", new { items = new[] { "x", "y" } },
            name => name == "list.html" ? "<<$list>><<#items>>[<<.>>]<</items>><</list>>" : null);

        Assert.That(fragment, Is.EqualTo("[x][y]"));
    }

    [Test]
    public void Unescaped_values_stay_unescaped_in_a_fragment()
    {
        var template = Template.Parse("<<$b>><<&html>>|<<html>><</b>>", "page.html");

        Assert.That(template.RenderFragment("b", new { html = "<i>" }), Is.EqualTo("<i>|&lt;i&gt;"));
    }

    [Test]
    public void An_unknown_block_is_an_error_naming_the_template_and_the_block_before_any_output()
    {
        var template = Template.Parse(Board, "board.html");
        using var output = new StringWriter();

        var error = Assert.Throws<TemplateException>(() => template.RenderFragment("mesages", s_model, output, Partials))!;

        Assert.That(error.TemplateName, Is.EqualTo("board.html"));
        Assert.That(error.Message, Does.Contain("'mesages'").And.Contain("board.html"));
        Assert.That(output.ToString(), Is.Empty);
    }

    [Test]
    public void A_whole_render_after_a_fragment_on_the_same_thread_writes_everything()
    {
        var template = Template.Parse("a<<$b>>b<</b>>c", "page.html");

        template.RenderFragment("b", null);

        Assert.That(template.Render(null), Is.EqualTo("abc"));
    }

    [Test]
    public void The_engine_renders_a_fragment_of_a_file_with_its_layout_and_partials_from_the_folder()
    {
        var root = Path.Combine(Path.GetTempPath(), "microweb-fragments-" + Guid.NewGuid().ToString("N"));
        try
        {
            Directory.CreateDirectory(Path.Combine(root, "templates"));
            foreach (var (name, text) in s_files)
                File.WriteAllText(Path.Combine(root, "templates", name), text);
            var engine = new TemplateEngine(new TemplateOptions(), root);
            using var writer = new StringWriter();

            engine.RenderFragment("board.html", "messages", s_model, writer);
            var error = Assert.Throws<TemplateException>(() => engine.RenderFragment("board.html", "nope", s_model))!;

            Assert.That(writer.ToString(), Does.StartWith("<ul>\n  <li>ann: ").And.Not.Contain("<nav>"));
            Assert.That(engine.RenderFragment("board.html", "title", s_model), Is.EqualTo("Board"));
            Assert.That(error.Message, Does.Contain("board.html").And.Contain("'nope'"));
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }
}
