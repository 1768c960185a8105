using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace MicroWeb.Tests.Generators.Templates;

public class TemplateGeneratorTests
{
    private const string PageView = """
        using System.Collections.Generic;
        using MicroWeb;

        namespace App;

        public sealed class Item
        {
            public int Id { get; init; }
            public string Name { get; init; } = "";
        }

        [Template("page.html")]
        public sealed partial class PageView
        {
            public string Title { get; init; } = "";
            public IReadOnlyList<Item> Items { get; init; } = [];
            public Dictionary<string, object> Bag { get; init; } = new();
            public object? Anything { get; init; }
        }
        """;

    private const string Layout = "<html><title><<$title>>x<</title>></title>\n<<$body>><</body>>\n</html>\n";

    [Test]
    public void Generated_view_compiles_without_warnings()
    {
        var (diagnostics, output, driver) = GeneratorHarness.Run(PageView,
            ("page.html", "<<<layout.html>>\n<<$title>><<title>><</title>>\n<<$body>>\n<ul>\n  <<#items>>\n  <<>row.html>>\n  <</items>>\n</ul>\n<</body>>\n<</layout.html>>\n"),
            ("layout.html", Layout),
            ("row.html", "<li><<id>> <<name>> <<&title>></li>\n"));

        Assert.That(diagnostics, Is.Empty);
        var problems = output.GetDiagnostics().Where(d => d.Severity >= DiagnosticSeverity.Warning).ToList();
        Assert.That(problems, Is.Empty, string.Join("\n", problems));
        var generated = GeneratorHarness.GeneratedSources(driver);
        Assert.That(generated, Has.Length.EqualTo(1));
        Assert.That(generated[0], Does.Contain("partial class PageView : global::MicroWeb.ICompiledView"));
        Assert.That(generated[0], Does.Contain("case \"body\":").And.Contain("case \"title\":"));
        Assert.That(generated[0], Does.Not.Contain("GetType").And.Not.Contain("Reflection"));
    }

    [Test]
    public void Unknown_name_is_MW2001_at_its_line_and_column_with_a_suggestion()
    {
        var (diagnostics, _, driver) = GeneratorHarness.Run(PageView, ("page.html", "<h1>\n  <<titel>></h1>\n"));

        var diagnostic = diagnostics.Single();
        Assert.That(diagnostic.Id, Is.EqualTo("MW2001"));
        Assert.That(diagnostic.Severity, Is.EqualTo(DiagnosticSeverity.Error));
        var span = diagnostic.Location.GetLineSpan();
        Assert.That(span.Path, Is.EqualTo("/app/templates/page.html"));
        Assert.That((span.StartLinePosition.Line, span.StartLinePosition.Character), Is.EqualTo((1, 2)), "line 2, column 3 (0-based 1, 2)");
        Assert.That(span.EndLinePosition.Character, Is.EqualTo(11));
        Assert.That(diagnostic.GetMessage(), Does.Contain("'titel'").And.Contain("did you mean 'Title'?"));
        Assert.That(GeneratorHarness.GeneratedSources(driver), Is.Empty, "no code for a view with errors");
    }

    [Test]
    public void Unknown_name_inside_a_section_names_the_item_type()
    {
        var (diagnostics, _, _) = GeneratorHarness.Run(PageView, ("page.html", "<<#items>><<nmae>><</items>>"));

        Assert.That(diagnostics.Single().Id, Is.EqualTo("MW2001"));
        Assert.That(diagnostics.Single().GetMessage(), Does.Contain("App.Item").And.Contain("did you mean 'Name'?"));
    }

    [Test]
    public void Unknown_dotted_part_is_MW2001()
    {
        var (diagnostics, _, _) = GeneratorHarness.Run(PageView, ("page.html", "<<#items>><</items>><<items.first>>"));

        Assert.That(diagnostics.Single().Id, Is.EqualTo("MW2001"));
        Assert.That(diagnostics.Single().GetMessage(), Does.Contain("'first'"));
    }

    [Test]
    public void Missing_partial_is_MW2002_at_the_tag()
    {
        var (diagnostics, _, _) = GeneratorHarness.Run(PageView, ("page.html", "a\nb <<> nav.html >>"));

        var diagnostic = diagnostics.Single();
        Assert.That(diagnostic.Id, Is.EqualTo("MW2002"));
        Assert.That(diagnostic.GetMessage(), Does.Contain("'nav.html'"));
        Assert.That(diagnostic.Location.GetLineSpan().StartLinePosition, Is.EqualTo(new Microsoft.CodeAnalysis.Text.LinePosition(1, 2)));
    }

    [Test]
    public void Missing_layout_is_MW2003_at_the_tag()
    {
        var (diagnostics, _, _) = GeneratorHarness.Run(PageView, ("page.html", "<<<base.html>><<$body>>x<</body>><</base.html>>"));

        Assert.That(diagnostics.Single().Id, Is.EqualTo("MW2003"));
        Assert.That(diagnostics.Single().Location.GetLineSpan().StartLinePosition.Character, Is.EqualTo(0));
    }

    [TestCase("x\n<<#items>>\nnever closed", "Unclosed section 'items'", 1, 0)]
    [TestCase("<<#items>><</item>>", "Mismatched close tag 'item': section 'items' is still open", 0, 10)]
    [TestCase("<<title", "Unclosed tag", 0, 0)]
    public void Syntax_error_is_MW2004_where_the_parser_finds_it(string template, string message, int line, int column)
    {
        var (diagnostics, _, _) = GeneratorHarness.Run(PageView, ("page.html", template));

        var diagnostic = diagnostics.Single();
        Assert.That(diagnostic.Id, Is.EqualTo("MW2004"));
        Assert.That(diagnostic.GetMessage(), Does.StartWith(message));
        Assert.That(diagnostic.Location.GetLineSpan().StartLinePosition, Is.EqualTo(new Microsoft.CodeAnalysis.Text.LinePosition(line, column)));
    }

    [Test]
    public void Syntax_error_in_a_partial_points_into_the_partial()
    {
        var (diagnostics, _, _) = GeneratorHarness.Run(PageView, ("page.html", "<<>row.html>>"), ("row.html", "ok\n<</x>>"));

        Assert.That(diagnostics.Single().Id, Is.EqualTo("MW2004"));
        Assert.That(diagnostics.Single().Location.GetLineSpan().Path, Is.EqualTo("/app/templates/row.html"));
    }

    [TestCase("<<#bag>><<x>><</bag>>", "Dictionary")]
    [TestCase("<<anything.name>>", "object")]
    [TestCase("<<>self.html>>", "recursively")]
    public void Dynamic_models_and_recursion_are_MW2005(string template, string mentioned)
    {
        var (diagnostics, _, _) = GeneratorHarness.Run(PageView, ("page.html", template), ("self.html", "<<>self.html>>"));

        Assert.That(diagnostics.Single().Id, Is.EqualTo("MW2005"));
        Assert.That(diagnostics.Single().GetMessage(), Does.Contain(mentioned).And.Contain("use the runtime engine"));
    }

    [Test]
    public void Writing_a_dynamic_value_is_allowed()
    {
        var (diagnostics, output, _) = GeneratorHarness.Run(PageView, ("page.html", "<<anything>> <<bag>>"));

        Assert.That(diagnostics, Is.Empty);
        Assert.That(output.GetDiagnostics().Where(d => d.Severity >= DiagnosticSeverity.Warning), Is.Empty);
    }

    [Test]
    public void Missing_template_file_is_MW2006_at_the_attribute()
    {
        var (diagnostics, _, _) = GeneratorHarness.Run(PageView, ("other.html", "x"));

        var diagnostic = diagnostics.Single();
        Assert.That(diagnostic.Id, Is.EqualTo("MW2006"));
        var span = diagnostic.Location.GetLineSpan();
        Assert.That(span.Path, Is.EqualTo("View0.cs"));
        Assert.That(span.StartLinePosition.Line, Is.EqualTo(11), "the [Template(\"page.html\")] line");
    }

    [Test]
    public void Non_partial_class_is_MW2007()
    {
        var (diagnostics, _, _) = GeneratorHarness.Run(PageView.Replace("sealed partial class PageView", "sealed class PageView"), ("page.html", "x"));

        Assert.That(diagnostics.Select(d => d.Id), Does.Contain("MW2007"));
    }

    [Test]
    public void Unrelated_edits_leave_the_output_cached_and_template_edits_regenerate_it()
    {
        var page = new GeneratorHarness.TemplateText("/app/templates/page.html", "<<title>>");
        var compilation = GeneratorHarness.Compile(PageView);
        var driver = GeneratorHarness.Driver(page, new GeneratorHarness.TemplateText("/app/templates/unused.html", "u")).RunGenerators(compilation);
        var first = GeneratorHarness.GeneratedSources(driver).Single();

        var edited = compilation.AddSyntaxTrees(CSharpSyntaxTree.ParseText("namespace App; public class Unrelated { public int X; }",
            new CSharpParseOptions(LanguageVersion.Preview), path: "Other.cs"));
        driver = driver.RunGenerators(edited);
        var result = driver.GetRunResult().Results.Single();
        Assert.That(result.TrackedOutputSteps.SelectMany(s => s.Value).SelectMany(s => s.Outputs).Select(o => o.Reason),
            Is.All.EqualTo(IncrementalStepRunReason.Cached), "another file changed: the source output did not run again");

        // The view's own file changes without changing the view: its description is rebuilt and compares equal.
        var viewTree = edited.SyntaxTrees.First(t => t.FilePath == "View0.cs");
        edited = edited.ReplaceSyntaxTree(viewTree, CSharpSyntaxTree.ParseText(PageView + "\n// a comment\n",
            new CSharpParseOptions(LanguageVersion.Preview), path: "View0.cs"));
        driver = driver.RunGenerators(edited);
        result = driver.GetRunResult().Results.Single();
        Assert.That(result.TrackedSteps["MicroWebTemplateViews"].SelectMany(s => s.Outputs).Select(o => o.Reason),
            Is.All.AnyOf(IncrementalStepRunReason.Unchanged, IncrementalStepRunReason.Cached), "the view's description compares equal");
        Assert.That(result.TrackedOutputSteps.SelectMany(s => s.Value).SelectMany(s => s.Outputs).Select(o => o.Reason),
            Is.All.EqualTo(IncrementalStepRunReason.Cached), "the source output did not run again");
        Assert.That(GeneratorHarness.GeneratedSources(driver).Single(), Is.EqualTo(first));

        driver = driver.ReplaceAdditionalText(page, new GeneratorHarness.TemplateText(page.Path, "<b><<title>></b>")).RunGenerators(edited);
        result = driver.GetRunResult().Results.Single();
        Assert.That(result.TrackedOutputSteps.SelectMany(s => s.Value).SelectMany(s => s.Outputs).Select(o => o.Reason),
            Has.Some.EqualTo(IncrementalStepRunReason.Modified));
        Assert.That(GeneratorHarness.GeneratedSources(driver).Single(), Does.Contain("<b>"));
    }
}
