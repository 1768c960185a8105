using System.Buffers;
using System.Text;
using MicroWeb.Templates;

namespace MicroWeb.Tests.Templates;

/// <summary>
/// Compiled views and the runtime engine render the same bytes from the same object: the runtime engine reads the
/// template files copied next to the tests and reflects over the model; the compiled view runs its generated code.
/// </summary>
public class CompiledViewParityTests
{
    private static readonly TemplateEngine s_tests = new(new TemplateOptions { Root = "Templates" }, AppContext.BaseDirectory);
    private static readonly TemplateEngine s_sample = new(new TemplateOptions { Root = "SampleTemplates" }, AppContext.BaseDirectory);

    private static readonly ListItem[] s_items =
    [
        new() { Id = 1, Name = "cod & <chips>", Tags = ["fish", "\"fried\""] },
        new() { Id = 2, Name = "plaice", Tags = [] },
        new() { Id = 3, Name = "it's", Tags = ["x"] },
    ];

    private static IEnumerable<TestCaseData> Views()
    {
        yield return Case("basics, all set", new BasicsView
        {
            Title = "Fish & \"chips\" <b>",
            Raw = "<i>raw & 'ok'</i>",
            Count = 1234567,
            Price = 1234.5m,
            Ratio = -0.125e-7,
            When = new DateTime(2025, 3, 4, 5, 6, 7, DateTimeKind.Utc),
            Flag = true,
            Kind = Kind.Fancy,
            Letter = '<',
            Big = long.MinValue,
            Maybe = 0,
            MaybeOn = true,
            MaybeOff = false,
            User = new User { Name = "Ada <L>", Address = new Address { City = "Cork & Kerry" } },
            Point = new Point { X = 3, Y = -4 },
            Object = new Uri("https://example.com/a?b=1&c=2"),
        });
        yield return Case("basics, all empty", new BasicsView { User = new User { Name = "no address" } });
        yield return Case("lists", new ListsView
        {
            Title = "outer <title>",
            Items = [s_items[0], null, s_items[1], s_items[2]],
            Numbers = Enumerable.Range(1, 4).Select(i => i * 10),
            Nested = [[1, 2], [], [3]],
            Words = ["one", "two & three"],
        });
        yield return Case("lists, empty", new ListsView());
        yield return Case("partials", new PartialsView { Name = "root <name>", Id = 7, Items = s_items });
        yield return Case("layouts", new LayoutPageView { Title = "A page & more", Items = s_items });
        yield return Case("layouts, no items", new LayoutPageView { Title = "" });

        var messages = new[]
        {
            new SampleMessage { Id = 5, Author = "ada", AuthorUrl = "/users/ada", Iso = "2025-01-01T10:00:00Z", Time = "10:00", Text = "<script>alert('x')</script>", Mine = true },
            new SampleMessage { Id = 4, Author = "grace", AuthorUrl = "/users/grace", Iso = "2025-01-01T09:00:00Z", Time = "09:00", Text = "hello & bye" },
        };
        var pager = new SamplePager { ShowPager = true, HasNext = true, NextUrl = "/?page=2", Page = 1, TotalPages = 2 };
        yield return Case("sample board, signed in", new SampleBoardView
        {
            Title = "Board", PathBase = "/app", CurrentUser = "ada", Csrf = "<input type=\"hidden\" name=\"t\" value=\"x\">",
            Flash = "Posted.", Error = "Too long", Text = "draft <text>", Live = new SampleLive { Url = "/events" },
            Messages = messages, Pager = pager,
        });
        yield return Case("sample board, anonymous", new SampleBoardView { Title = "Board", Messages = [] });
        yield return Case("sample user", new SampleUserView { Title = "@ada", Name = "ada", Count = "2 messages", Messages = messages, Pager = pager });
        yield return Case("sample login", new SampleLoginView { Title = "Log in", ReturnUrl = "/x?y=1&z=2", Error = "Wrong password", Username = "ada" });
        yield return Case("sample error", new SampleErrorView { Title = "Oops", Message = "Something <broke>", TraceId = "00-abc-01" });
        yield return Case("sample 404", new SampleNotFoundView { Title = "Not found", Path = "/nowhere?<x>" });
    }

    private static TestCaseData Case(string name, ICompiledView view) => new TestCaseData(view).SetArgDisplayNames(name);

    private static TemplateEngine EngineFor(ICompiledView view) => view is SampleLayout ? s_sample : s_tests;

    [TestCaseSource(nameof(Views))]
    public void Compiled_view_renders_the_bytes_the_runtime_engine_renders(ICompiledView view)
    {
        var runtime = Encoding.UTF8.GetBytes(EngineFor(view).Render(view.TemplateName, view));
        var output = new ArrayBufferWriter<byte>();
        CompiledView.Render(view, output);
        Assert.That(Encoding.UTF8.GetString(output.WrittenSpan), Is.EqualTo(Encoding.UTF8.GetString(runtime)));
        Assert.That(output.WrittenSpan.SequenceEqual(runtime), Is.True);
    }

    [TestCaseSource(nameof(Views))]
    public void Every_fragment_renders_the_bytes_the_runtime_engine_renders(ICompiledView view)
    {
        foreach (var block in BlocksOf(view))
        {
            var runtime = EngineFor(view).RenderFragment(view.TemplateName, block, view);
            var output = new ArrayBufferWriter<byte>();
            Assert.That(CompiledView.RenderFragment(view, block, output), Is.True, block);
            Assert.That(Encoding.UTF8.GetString(output.WrittenSpan), Is.EqualTo(runtime), block);
        }
        Assert.That(CompiledView.RenderFragment(view, "no-such-block", new ArrayBufferWriter<byte>()), Is.False);
    }

    [Test]
    public void Layout_page_has_fragments_for_its_own_and_its_layouts_blocks()
    {
        var view = new LayoutPageView { Title = "T", Items = s_items };
        Assert.That(BlocksOf(view), Is.EquivalentTo(new[] { "body", "footer", "item", "title" }));
        Assert.That(RenderFragment(view, "item"), Is.EqualTo("<li>cod &amp; &lt;chips&gt;</li><li>plaice</li><li>it&#39;s</li>"));
        Assert.That(RenderFragment(view, "footer"), Is.EqualTo("mid footer for T"));
    }

    [Test]
    public void Render_to_string_and_a_large_page_flush_through_the_buffer()
    {
        var items = Enumerable.Range(0, 3000).Select(i => new ListItem { Id = i, Name = new string('x', i % 50) + "&" }).ToArray();
        ICompiledView view = new PartialsView { Name = "big", Items = items };
        var compiled = CompiledView.RenderToString(view);
        Assert.That(compiled.Length, Is.GreaterThan(100_000));
        Assert.That(compiled, Is.EqualTo(s_tests.Render(view.TemplateName, view)));
    }

    /// <summary>The blocks the runtime engine finds in the template and what it includes: those named in its files.</summary>
    private static List<string> BlocksOf(ICompiledView view)
    {
        var names = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var file in view.TemplateFiles)
        {
            var text = File.ReadAllText(Path.Combine(EngineFor(view).RootPath, file));
            foreach (System.Text.RegularExpressions.Match match in System.Text.RegularExpressions.Regex.Matches(text, @"<<\$\s*([^\s>]+)\s*>>"))
                names.Add(match.Groups[1].Value);
        }
        return [.. names];
    }

    private static string RenderFragment(ICompiledView view, string block)
    {
        var output = new ArrayBufferWriter<byte>();
        CompiledView.RenderFragment(view, block, output);
        return Encoding.UTF8.GetString(output.WrittenSpan);
    }
}
