using System.Buffers;
using System.Text.RegularExpressions;
using BenchmarkDotNet.Attributes;
using Fluid;
using HandlebarsDotNet;
using Microsoft.Extensions.FileProviders;
using MicroWeb.Templates;
using Stubble.Core;
using Stubble.Core.Builders;

namespace MicroWeb.Benchmarks.Templates;

/// <summary>
/// One page — a layout, a row partial and a loop of 50 items with 5 HTML-escaped fields — rendered to a string by
/// MicroWeb and three other .NET template engines. Each engine parses its templates once in setup, as a web app
/// would. Engines without layout inheritance (Stubble, Handlebars, Fluid) include the body as a partial instead;
/// the setup checks that all four produce the same HTML, whitespace aside. <c>MicroWebCompiled</c> is the same page as
/// a compiled view (Templates/templates/, the files the setup writes for the others): to a string, and as UTF-8 into a
/// reused buffer, which is what a response gets; the setup checks it renders exactly the runtime engine's text.
/// </summary>
[MemoryDiagnoser]
public partial class TemplateBenchmarks
{
    private string _folder = "";
    private Page _page = null!;
    private TemplateEngine _microWeb = null!;
    private StubbleVisitorRenderer _stubble = null!;
    private Dictionary<string, string> _stubblePartials = null!;
    private HandlebarsTemplate<object, object> _handlebars = null!;
    private IFluidTemplate _fluid = null!;
    private Fluid.TemplateOptions _fluidOptions = null!;
    private CompiledPage _compiled = null!;
    private readonly ArrayBufferWriter<byte> _utf8 = new(64 * 1024);

    [GlobalSetup]
    public void Setup()
    {
        _page = new Page
        {
            Title = "Orders & \"returns\"",
            Footer = "<c> MicroWeb",
            Items = Enumerable.Range(1, 50).Select(i => new Item
            {
                Id = i,
                Name = $"Customer <{i}>",
                Email = $"customer{i}@example.com",
                City = i % 2 == 0 ? "Cork & Kerry" : "Sligo",
                Note = $"Said \"ok\" at {i} o'clock".Replace("'", ""),
            }).ToList(),
        };

        _folder = Path.Combine(Path.GetTempPath(), "microweb-bench-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(_folder);
        File.WriteAllText(Path.Combine(_folder, "layout.html"),
            "<!DOCTYPE html>\n<html>\n<head><title><<Title>></title></head>\n<body>\n<h1><<Title>></h1>\n<<$body>>\n<</body>>\n<footer><<Footer>></footer>\n</body>\n</html>\n");
        File.WriteAllText(Path.Combine(_folder, "page.html"),
            "<<<layout.html>>\n<<$body>>\n<table>\n<<#Items>>\n<<>row.html>>\n<</Items>>\n</table>\n<</body>>\n<</layout.html>>\n");
        File.WriteAllText(Path.Combine(_folder, "row.html"),
            "<tr><td><<Id>></td><td><<Name>></td><td><<Email>></td><td><<City>></td><td><<Note>></td></tr>\n");
        _microWeb = new TemplateEngine(new MicroWeb.Templates.TemplateOptions { Root = _folder }, _folder);

        const string mustacheLayout =
            "<!DOCTYPE html>\n<html>\n<head><title>{{Title}}</title></head>\n<body>\n<h1>{{Title}}</h1>\n{{> body}}\n<footer>{{Footer}}</footer>\n</body>\n</html>\n";
        const string mustacheRow =
            "<tr><td>{{Id}}</td><td>{{Name}}</td><td>{{Email}}</td><td>{{City}}</td><td>{{Note}}</td></tr>\n";
        _stubble = new StubbleBuilder().Build();
        _stubblePartials = new Dictionary<string, string>
        {
            ["layout"] = mustacheLayout,
            ["body"] = "<table>\n{{#Items}}\n{{> row}}\n{{/Items}}\n</table>\n",
            ["row"] = mustacheRow,
        };

        var handlebars = Handlebars.Create();
        handlebars.RegisterTemplate("body", "<table>\n{{#each Items}}\n{{> row}}\n{{/each}}\n</table>\n");
        handlebars.RegisterTemplate("row", mustacheRow);
        _handlebars = handlebars.Compile(mustacheLayout);

        File.WriteAllText(Path.Combine(_folder, "body.liquid"),
            "<table>\n{% for item in Items %}\n{% include 'row' %}\n{% endfor %}\n</table>\n");
        File.WriteAllText(Path.Combine(_folder, "row.liquid"),
            "<tr><td>{{ item.Id }}</td><td>{{ item.Name }}</td><td>{{ item.Email }}</td><td>{{ item.City }}</td><td>{{ item.Note }}</td></tr>\n");
        _fluidOptions = new Fluid.TemplateOptions { FileProvider = new Microsoft.Extensions.FileProviders.PhysicalFileProvider(_folder) };
        _fluidOptions.MemberAccessStrategy.Register<Page>();
        _fluidOptions.MemberAccessStrategy.Register<Item>();
        _fluid = new FluidParser().Parse(
            "<!DOCTYPE html>\n<html>\n<head><title>{{ Title }}</title></head>\n<body>\n<h1>{{ Title }}</h1>\n{% include 'body' %}\n<footer>{{ Footer }}</footer>\n</body>\n</html>\n");

        _compiled = new CompiledPage { Title = _page.Title, Footer = _page.Footer, Items = _page.Items };
        foreach (var name in new[] { "layout.html", "page.html", "row.html" })
        {
            var compiledFrom = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Templates", "templates", name));
            if (compiledFrom != File.ReadAllText(Path.Combine(_folder, name)))
                throw new InvalidOperationException($"Templates/templates/{name} differs from the template the benchmark writes");
        }
        if (MicroWebCompiled() != MicroWeb())
            throw new InvalidOperationException($"The compiled view renders different HTML:\n{MicroWebCompiled()}\n--- MicroWeb:\n{MicroWeb()}");

        var expected = Normalize(MicroWeb());
        foreach (var (engine, output) in new[] { ("Stubble", Stubble()), ("Handlebars", HandlebarsNet()), ("Fluid", Fluid()) })
        {
            if (Normalize(output) != expected)
                throw new InvalidOperationException($"{engine} renders different HTML:\n{output}\n--- MicroWeb:\n{MicroWeb()}");
        }
    }

    [GlobalCleanup]
    public void Cleanup() => Directory.Delete(_folder, recursive: true);

    [Benchmark(Baseline = true)]
    public string MicroWeb() => _microWeb.Render("page.html", _page);

    [Benchmark]
    public string MicroWebCompiled() => CompiledView.RenderToString(_compiled);

    [Benchmark]
    public int MicroWebCompiledUtf8()
    {
        _utf8.ResetWrittenCount();
        CompiledView.Render(_compiled, _utf8);
        return _utf8.WrittenCount;
    }

    [Benchmark]
    public string Stubble() => _stubble.Render(_stubblePartials["layout"], _page, _stubblePartials);

    [Benchmark]
    public string HandlebarsNet() => _handlebars(_page);

    [Benchmark]
    public string Fluid() => _fluid.Render(new TemplateContext(_page, _fluidOptions), System.Text.Encodings.Web.HtmlEncoder.Default);

    private static string Normalize(string html) => Regex.Replace(html, @"\s+", "");

    [Template("page.html")]
    public sealed partial class CompiledPage
    {
        public string Title { get; init; } = "";

        public string Footer { get; init; } = "";

        public List<Item> Items { get; init; } = [];
    }

    public sealed class Page
    {
        public string Title { get; init; } = "";

        public string Footer { get; init; } = "";

        public List<Item> Items { get; init; } = [];
    }

    public sealed class Item
    {
        public int Id { get; init; }

        public string Name { get; init; } = "";

        public string Email { get; init; } = "";

        public string City { get; init; } = "";

        public string Note { get; init; } = "";
    }
}
