using System.Text.Json;

namespace MicroWeb.Tests.Docs;

/// <summary>
/// Every C# block in README.md and docs/ compiles as a reader would paste it, and every JSON block parses, so a
/// snippet that no longer matches the API fails CI; HTML blocks are templates and must parse. Fragments name the context they compile in with
/// <c>&lt;!-- snippet: NAME --&gt;</c> before the fence (see Docs/Contexts); everything else is a whole file.
/// </summary>
[TestFixture]
[Parallelizable(ParallelScope.All)]
public sealed class DocsSnippetTests
{
    private static readonly string? s_root = FindRepositoryRoot();
    private static readonly Lazy<SnippetCompiler> s_compiler = new(() => new SnippetCompiler(Path.Combine(s_root!, "tests", "MicroWeb.Tests", "Docs", "Contexts")));

    public static IEnumerable<TestCaseData> CSharpBlocks() => Blocks("csharp");

    public static IEnumerable<TestCaseData> JsonBlocks() => Blocks("json");

    public static IEnumerable<TestCaseData> HtmlBlocks() => Blocks("html");

    [TestCaseSource(nameof(CSharpBlocks))]
    public void CSharp_block_compiles(DocSnippet snippet)
    {
        var errors = s_compiler.Value.Errors(snippet);
        Assert.That(errors, Is.Empty, $"{snippet} does not compile" + (snippet.Context is null ? " as a whole file" : $" in Docs/Contexts/{snippet.Context}.cs") + ":\n" + string.Join('\n', errors));
    }

    [TestCaseSource(nameof(JsonBlocks))]
    public void Json_block_parses(DocSnippet snippet)
    {
        // appsettings files may carry comments and trailing commas; the configuration reader accepts both.
        var options = new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true };
        Assert.DoesNotThrow(() => JsonDocument.Parse(snippet.Code, options).Dispose(), $"{snippet} is not JSON");
    }

    [TestCaseSource(nameof(HtmlBlocks))]
    public void Html_block_is_a_template_that_parses(DocSnippet snippet)
    {
        // The docs' HTML is template source (layouts, partials, <<name>> tags): it must parse as MicroWeb would parse it.
        Assert.DoesNotThrow(() => MicroWeb.Templates.Template.Parse(snippet.Code, snippet.ToString()), $"{snippet} is not a valid template");
    }

    [Test]
    public void A_broken_snippet_reports_the_markdown_line()
    {
        if (s_root is null) Assert.Ignore("README.md and docs/ are not next to the tests.");
        var snippet = new DocSnippet("docs/example.md", 10, "csharp", null, "using MicroWeb;\n\nMicroWebApp.CreateBuilder(args).Buildd();");

        var errors = s_compiler.Value.Errors(snippet);

        Assert.That(errors, Has.Some.StartsWith("docs/example.md(12,").And.Contain("Buildd"));
    }

    [Test]
    public void A_fragment_compiles_in_its_context_with_its_usings_hoisted()
    {
        if (s_root is null) Assert.Ignore("README.md and docs/ are not next to the tests.");
        var needsUsing = new DocSnippet("docs/example.md", 3, "csharp", "app", "builder.Services.AddSingleton<IClock, SystemClock>();");
        var withUsing = needsUsing with { Code = "using Microsoft.Extensions.DependencyInjection;\n\n" + needsUsing.Code };

        Assert.Multiple(() =>
        {
            Assert.That(s_compiler.Value.Errors(needsUsing), Has.Some.StartsWith("docs/example.md(3,").And.Contain("AddSingleton"));
            Assert.That(s_compiler.Value.Errors(withUsing), Is.Empty);
        });
    }

    [Test]
    public void Blocks_are_found_with_their_line_language_and_context()
    {
        string[] lines = ["# Title", "<!-- snippet: app -->", "```csharp", "app.Run();", "```", "", "```", "plain", "```", "```json", "{}", "```"];

        var blocks = DocSnippet.Parse("x.md", lines).ToList();

        Assert.That(blocks, Is.EqualTo(new[]
        {
            new DocSnippet("x.md", 4, "csharp", "app", "app.Run();"),
            new DocSnippet("x.md", 11, "json", null, "{}"),
        }));
    }

    [Test]
    public void An_unclosed_block_is_an_error()
    {
        Assert.That(() => DocSnippet.Parse("x.md", ["```csharp", "var x = 1;"]).ToList(), Throws.TypeOf<FormatException>().With.Message.Contains("x.md:1"));
    }

    private static IEnumerable<TestCaseData> Blocks(string language)
    {
        if (s_root is null)
        {
            yield return new TestCaseData(new DocSnippet("README.md", 0, language, null, "")).Ignore("README.md and docs/ are not next to the tests.");
            yield break;
        }

        foreach (var snippet in DocSnippet.All(s_root))
        {
            if (snippet.Language == language) yield return new TestCaseData(snippet).SetArgDisplayNames(snippet.ToString());
        }
    }

    private static string? FindRepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Micro.sln"))) return directory.FullName;
        }

        return null;
    }
}
