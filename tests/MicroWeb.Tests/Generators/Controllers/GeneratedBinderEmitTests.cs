using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using MicroWeb.Generators.Controllers;

namespace MicroWeb.Tests.Generators.Controllers;

/// <summary>The generated binders' part of the table (docs/aot.md), and MW1006 under <c>PublishAot</c>.</summary>
public class GeneratedBinderEmitTests
{
    private const string Shop = """
        using MicroWeb;
        using System.Collections.Generic;
        using System.Threading.Tasks;

        namespace App;

        public enum Color { Red, Green }

        public sealed class Order
        {
            public required string Item { get; set; }
        }

        public sealed class ShopController : Controller
        {
            [HttpGet("/items/{id:int}")]
            public Task<string> Find(int id, Color? color, double[] prices, string name, string? note, System.DateTimeOffset? since, System.Threading.CancellationToken aborted) => Task.FromResult(name);

            [HttpPost("/orders")]
            public ValueTask<IResult> Order([FromForm] Order order) => new(Text(order.Item));
        }
        """;

    [Test]
    public void Each_parameter_is_emitted_with_its_type_argument_parser_and_nullability()
    {
        var (diagnostics, sources, output) = GeneratorHarness.Run(Shop);

        Assert.That(diagnostics, Is.Empty);
        var code = sources.Single();
        Assert.That(code, Does.Contain("global::MicroWeb.GeneratedParameter.Of<int>(false, global::MicroWeb.GeneratedParser.Parsable<int>())"));
        Assert.That(code, Does.Contain("global::MicroWeb.GeneratedParameter.Of<global::App.Color?>(false, global::MicroWeb.GeneratedParser.Nullable(global::MicroWeb.GeneratedParser.Enum<global::App.Color>()))"));
        Assert.That(code, Does.Contain("global::MicroWeb.GeneratedParameter.Of<double[], double>(true, global::MicroWeb.GeneratedParser.Number<double>())"));
        Assert.That(code, Does.Contain("global::MicroWeb.GeneratedParameter.Of<string>(true, global::MicroWeb.GeneratedParser.String)"));
        Assert.That(code, Does.Contain("global::MicroWeb.GeneratedParameter.Of<string>(false, global::MicroWeb.GeneratedParser.String)"), "string? note");
        Assert.That(code, Does.Contain("global::MicroWeb.GeneratedParser.Nullable(global::MicroWeb.GeneratedParser.DateTimeOffset)"));
        Assert.That(code, Does.Contain("global::MicroWeb.GeneratedParameter.Of<global::System.Threading.CancellationToken>(false)"));
        Assert.That(code, Does.Contain("global::MicroWeb.GeneratedAction.UnwrapTask<string>()"));
        Assert.That(code, Does.Contain("global::MicroWeb.GeneratedAction.UnwrapValueTask<global::MicroWeb.IResult>()"));
        var problems = output.GetDiagnostics().Where(d => d.Severity >= DiagnosticSeverity.Warning).ToArray();
        Assert.That(problems, Is.Empty, string.Join(Environment.NewLine, problems.Select(p => p.ToString())));
    }

    [Test]
    public async Task A_model_parameter_is_MW1006_only_when_the_project_publishes_with_Native_AOT()
    {
        Assert.That(await AnalyzeAsync(Shop, publishAot: false), Is.Empty, "under the JIT a model binds by reflection, as it always did");

        var diagnostics = await AnalyzeAsync(Shop, publishAot: true);

        Assert.That(diagnostics.Select(d => d.Id), Is.EqualTo(new[] { "MW1006" }), "simple values, framework types: no warning; the form model with a required member the generator cannot set: one");
        Assert.That(diagnostics[0].Severity, Is.EqualTo(DiagnosticSeverity.Warning));
        Assert.That(diagnostics[0].GetMessage(), Does.StartWith("Parameter 'order' of ShopController.Order binds App.Order as a complex model"));
        Assert.That(diagnostics[0].Location.GetLineSpan().StartLinePosition.Line + 1, Is.EqualTo(20));
    }

    internal static async Task<ImmutableArray<Diagnostic>> AnalyzeAsync(string source, bool publishAot)
    {
        var compilation = GeneratorHarness.Compile(source);
        var options = new AnalyzerOptions([], new BuildProperties(publishAot ? "true" : "false"));
        return await compilation.WithAnalyzers([new ControllerAnalyzer()], options).GetAnalyzerDiagnosticsAsync();
    }

    /// <summary>The build properties the MicroWeb targets make visible to the compiler (<c>CompilerVisibleProperty</c>).</summary>
    private sealed class BuildProperties(string publishAot) : AnalyzerConfigOptionsProvider
    {
        public override AnalyzerConfigOptions GlobalOptions { get; } = new Options(publishAot);

        public override AnalyzerConfigOptions GetOptions(SyntaxTree tree) => Options.Empty;

        public override AnalyzerConfigOptions GetOptions(AdditionalText textFile) => Options.Empty;

        private sealed class Options(string? publishAot) : AnalyzerConfigOptions
        {
            public static readonly Options Empty = new(null);

            public override bool TryGetValue(string key, out string value)
            {
                value = publishAot ?? "";
                return publishAot is not null && key == "build_property.PublishAot";
            }
        }
    }
}
