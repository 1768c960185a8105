using System.Collections;
using System.Collections.ObjectModel;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using MicroWeb.Templates;

namespace MicroWeb.Tests.Templates;

public class TemplateTests
{
    private static string Render(string template, object? model, Func<string, string?>? partials = null) =>
        Template.Parse(template).Render(model, partials);

    // ---- Escaping ----

    [Test]
    public void Variables_are_html_escaped()
    {
        var output = Render("<p><<x>></p>", new { x = "<a href=\"/\">Tom & 'Jerry'</a>" });

        Assert.That(output, Is.EqualTo("<p>&lt;a href=&quot;/&quot;&gt;Tom &amp; &#39;Jerry&#39;&lt;/a&gt;</p>"));
    }

    [Test]
    public void Ampersand_tag_renders_raw_html() =>
        Assert.That(Render("<<&x>>", new { x = "<b>&</b>" }), Is.EqualTo("<b>&</b>"));

    [Test]
    public void Ampersand_tag_renders_raw_under_any_delimiters() =>
        Assert.That(Render("<<=[ ]=>>[&x]", new { x = "<b>" }), Is.EqualTo("<b>"));

    [Test]
    public void Triple_mustache_renders_raw_when_delimiters_are_curly_braces() =>
        Assert.That(Render("<<={{ }}=>>{{{x}}}", new { x = "<b>" }), Is.EqualTo("<b>"));

    [Test]
    public void Text_without_special_characters_is_copied_unchanged()
    {
        var text = new string('a', 10_000);

        Assert.That(Render("<<x>>", new { x = text }), Is.EqualTo(text));
    }

    // ---- Models ----

    [Test]
    public void Dictionary_of_objects_is_a_context() =>
        Assert.That(Render("<<a>> <<b.c>>", new Dictionary<string, object?> { ["a"] = "x", ["b"] = new Dictionary<string, object?> { ["c"] = 2 } }),
            Is.EqualTo("x 2"));

    [Test]
    public void Read_only_dictionary_of_any_value_type_is_a_context()
    {
        IReadOnlyDictionary<string, int> scores = new ReadOnlyDictionary<string, int>(new Dictionary<string, int> { ["ann"] = 3 });

        Assert.That(Render("<<ann>>/<<bob>>", scores), Is.EqualTo("3/"));
    }

    [Test]
    public void Non_generic_dictionary_is_a_context() =>
        Assert.That(Render("<<#h>><<a>><</h>>", new { h = new Hashtable { ["a"] = "x" } }), Is.EqualTo("x"));

    [Test]
    public void Dictionary_in_a_section_is_pushed_not_iterated() =>
        Assert.That(Render("<<#d>>[<<a>>]<</d>>", new { d = new Dictionary<string, string> { ["a"] = "1", ["b"] = "2" } }),
            Is.EqualTo("[1]"));

    [Test]
    public void Poco_properties_and_fields_are_read() =>
        Assert.That(Render("<<Name>> <<Age>> <<Nickname>> <<Active>>", new Person { Name = "Ann", Age = 41, Nickname = "A", Active = true }),
            Is.EqualTo("Ann 41 A true"));

    [Test]
    public void Poco_members_match_keys_ignoring_case() =>
        Assert.That(Render("<<name>>", new Person { Name = "Ann" }), Is.EqualTo("Ann"));

    [Test]
    public void Records_are_read_by_property() =>
        Assert.That(Render("<<#messages>><<author>>: <<text>>;<</messages>>", new { messages = new[] { new Message("ann", "hi"), new Message("bob", "yo") } }),
            Is.EqualTo("ann: hi;bob: yo;"));

    [Test]
    public void Record_structs_are_read_by_property() =>
        Assert.That(Render("<<X>>,<<Y>>", new Point(1, 2)), Is.EqualTo("1,2"));

    [Test]
    public void Anonymous_types_are_read_by_property() =>
        Assert.That(Render("<<a.b>>", new { a = new { b = "deep" } }), Is.EqualTo("deep"));

    [Test]
    public void Json_element_objects_arrays_and_scalars_render()
    {
        using var json = JsonDocument.Parse("""{"title":"<T>","n":3,"pi":3.5,"ok":true,"none":null,"items":[{"v":"a"},{"v":"b"}],"empty":[]}""");

        var output = Render("<<title>> <<n>> <<pi>> <<ok>> [<<none>>] <<#items>><<v>><</items>><<^empty>>none<</empty>>", json.RootElement);

        Assert.That(output, Is.EqualTo("&lt;T&gt; 3 3.5 true [] abnone"));
    }

    [Test]
    public void Json_node_objects_arrays_and_values_render()
    {
        var node = new JsonObject
        {
            ["title"] = "<T>",
            ["n"] = 3,
            ["ok"] = false,
            ["items"] = new JsonArray("a", "b"),
            ["parsed"] = JsonNode.Parse("""{"x":1.25,"list":[1,2]}"""),
        };

        var output = Render("<<title>> <<n>> <<^ok>>off<</ok>> <<#items>><<.>><</items>> <<parsed.x>> <<#parsed.list>><<.>><</parsed.list>>", node);

        Assert.That(output, Is.EqualTo("&lt;T&gt; 3 off ab 1.25 12"));
    }

    [Test]
    public void Lists_and_lazy_enumerables_are_iterated()
    {
        static IEnumerable<int> Lazy()
        {
            yield return 1;
            yield return 2;
        }

        Assert.That(Render("<<#list>><<.>><</list>>|<<#lazy>><<.>><</lazy>>", new { list = new List<string> { "a", "b" }, lazy = Lazy() }),
            Is.EqualTo("ab|12"));
    }

    [Test]
    public void Empty_enumerable_renders_inverted_section() =>
        Assert.That(Render("<<^lazy>>none<</lazy>>", new { lazy = Enumerable.Empty<int>().Where(x => x > 0) }), Is.EqualTo("none"));

    [Test]
    [SetCulture("de-DE")]
    public void Numbers_format_with_the_invariant_culture_whatever_the_current_culture()
    {
        var boxed = new Dictionary<string, object?> { ["d"] = 1234.5, ["m"] = 3.14m, ["f"] = 0.5f, ["l"] = -1234567L };

        Assert.Multiple(() =>
        {
            Assert.That(Render("<<d>> <<m>> <<f>> <<l>>", boxed), Is.EqualTo("1234.5 3.14 0.5 -1234567"));
            Assert.That(Render("<<Price>> <<Ratio>>", new Product(9.99m, 0.25)), Is.EqualTo("9.99 0.25"));
        });
    }

    [Test]
    public void Booleans_render_lowercase_and_drive_sections() =>
        Assert.That(Render("<<t>> <<f>> <<#t>>yes<</t>><<#f>>no<</f>><<^f>>not<</f>>", new { t = true, f = false }),
            Is.EqualTo("true false yesnot"));

    [Test]
    public void Null_model_renders_text_and_empty_keys() =>
        Assert.That(Render("a<<x>>b<<#x>>c<</x>><<^x>>d<</x>>", null), Is.EqualTo("abd"));

    [Test]
    public void Empty_string_is_falsey_and_zero_is_truthy() =>
        Assert.That(Render("<<#s>>s<</s>><<^s>>no s<</s>> <<#z>>zero<</z>>", new { s = "", z = 0 }), Is.EqualTo("no s zero"));

    [Test]
    public void Missing_keys_render_empty() =>
        Assert.That(Render("[<<nope>>][<<a.b.c>>]", new { a = new { } }), Is.EqualTo("[][]"));

    // ---- Delimiters ----

    [TestCase("[[ ]]", "[[x]]")]
    [TestCase("(( ))", "((x))")]
    [TestCase(".* +?", ".*x+?")]
    [TestCase("$( )^", "$(x)^")]
    [TestCase("| |", "|x|")]
    [TestCase("\\d{ }\\", "\\d{x}\\")]
    public void Delimiters_with_regex_metacharacters_work(string delimiters, string tag) =>
        Assert.That(Render($"<<={delimiters}=>>{tag}", new { x = "ok" }), Is.EqualTo("ok"));

    [Test]
    public void Parent_tag_uses_a_third_angle_bracket()
    {
        const string page = "<<< layout.html>>\n<<$body>>\n  <p><<text>></p>\n<</body>>\n<</ layout.html>>\n";
        const string layout = "<html>\n  <body>\n    <<$body>>\n    default\n    <</body>>\n  </body>\n</html>\n";

        var output = Render(page, new { text = "hi" }, name => name == "layout.html" ? layout : null);

        Assert.That(output, Is.EqualTo("<html>\n  <body>\n    <p>hi</p>\n  </body>\n</html>\n"));
    }

    [Test]
    public void Standalone_partial_is_indented() =>
        Assert.That(Render("<ul>\n  <<>item>>\n</ul>\n", null, _ => "<li>a</li>\n<li>b</li>\n"),
            Is.EqualTo("<ul>\n  <li>a</li>\n  <li>b</li>\n</ul>\n"));

    [Test]
    public void Unknown_partial_renders_empty() =>
        Assert.That(Render("a<<>nope>>b", null, _ => null), Is.EqualTo("ab"));

    [Test]
    public void Self_recursive_partial_fails_with_depth_error_instead_of_overflowing_the_stack()
    {
        var error = Assert.Throws<TemplateException>(() => Render("<<>self>>", null, _ => "x<<>self>>"));

        Assert.That(error!.Message, Does.Contain("nest deeper than 32"));
    }

    // ---- Errors ----

    [Test]
    public void Unclosed_section_reports_line_and_column()
    {
        var error = Assert.Throws<TemplateException>(() => Template.Parse("<ul>\n<li>\n  <<#items>><<name>>\n</ul>", "messages.html"));

        Assert.Multiple(() =>
        {
            Assert.That(error!.TemplateName, Is.EqualTo("messages.html"));
            Assert.That(error.Line, Is.EqualTo(3));
            Assert.That(error.Column, Is.EqualTo(3));
            Assert.That(error.Excerpt, Is.EqualTo("<<#items>>"));
            Assert.That(error.Message, Is.EqualTo("messages.html(3,3): Unclosed section 'items' near '<<#items>>'"));
        });
    }

    [Test]
    public void Mismatched_close_tag_reports_both_names()
    {
        var error = Assert.Throws<TemplateException>(() => Template.Parse("<<#a>>\n<</b>>"));

        Assert.That(error!.Message, Is.EqualTo("template(2,1): Mismatched close tag 'b': section 'a' is still open near '<</b>>'"));
    }

    [Test]
    public void Close_tag_without_open_section_is_an_error() =>
        Assert.That(() => Template.Parse("x <</a>>"), Throws.TypeOf<TemplateException>().With.Message.Contains("(1,3): Close tag 'a' has no open section"));

    [Test]
    public void Empty_tag_is_an_error() =>
        Assert.That(() => Template.Parse("a\nb << >>"), Throws.TypeOf<TemplateException>().With.Message.EqualTo("template(2,3): Empty tag near '<< >>'"));

    [Test]
    public void Key_with_whitespace_is_an_unknown_tag() =>
        Assert.That(() => Template.Parse("<<first name>>"), Throws.TypeOf<TemplateException>().With.Message.Contains("Unknown tag 'first name'"));

    [Test]
    public void Unclosed_tag_is_an_error() =>
        Assert.That(() => Template.Parse("ok\n  <<name"), Throws.TypeOf<TemplateException>().With.Message.Contains("template(2,3): Unclosed tag"));

    [TestCase("<<=[[=>>")]
    [TestCase("<<= =>>")]
    [TestCase("<<=a b c=>>")]
    public void Bad_delimiter_change_is_an_error(string source) =>
        Assert.That(() => Template.Parse(source), Throws.TypeOf<TemplateException>().With.Message.Contains("Bad delimiter change"));

    [Test]
    public void Error_in_a_partial_names_the_partial() =>
        Assert.That(() => Render("<<>p>>", null, _ => "<<#x>>"), Throws.TypeOf<TemplateException>().With.Property(nameof(TemplateException.TemplateName)).EqualTo("p"));

    // ---- Rendering ----

    [Test]
    public void Rendering_to_a_writer_matches_rendering_to_a_string_for_large_output()
    {
        var template = Template.Parse("<<#items>><li><<name>> &amp; <<n>></li>\n<</items>>");
        var model = new { items = Enumerable.Range(0, 5_000).Select(i => new { name = "<item>", n = i }).ToList() };
        using var writer = new StringWriter();

        template.Render(model, writer);

        Assert.That(writer.ToString(), Is.EqualTo(template.Render(model)).And.Length.GreaterThan(100_000));
    }

    [Test]
    public void Concurrent_renders_of_one_template_do_not_interfere()
    {
        var template = Template.Parse("<<#items>><<.>>,<</items>>");
        var outputs = new string[64];

        Parallel.For(0, outputs.Length, i => outputs[i] = template.Render(new { items = Enumerable.Range(i, 50).ToArray() }));

        for (var i = 0; i < outputs.Length; i++)
            Assert.That(outputs[i], Is.EqualTo(string.Concat(Enumerable.Range(i, 50).Select(n => n + ","))));
    }

    [Test]
    public void Model_getter_may_render_another_template()
    {
        var inner = Template.Parse("[<<v>>]");
        var model = new Nested(() => inner.Render(new { v = "in" }));

        Assert.That(Render("a<<&Html>>b", model), Is.EqualTo("a[in]b"));
    }

    private sealed class Person
    {
        public string? Nickname;

        public string Name { get; init; } = "";

        public int Age { get; init; }

        public bool Active { get; init; }
    }

    private sealed record Message(string Author, string Text);

    private readonly record struct Point(int X, int Y);

    private sealed record Product(decimal Price, double Ratio);

    private sealed class Nested(Func<string> html)
    {
        public string Html => html();
    }
}
