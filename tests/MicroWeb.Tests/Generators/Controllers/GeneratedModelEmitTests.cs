using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using MicroWeb.Generators.Controllers;

namespace MicroWeb.Tests.Generators.Controllers;

/// <summary>The generated model descriptions (docs/aot.md, "Models and validation"): what is emitted, and MW1006 only where nothing is.</summary>
public class GeneratedModelEmitTests
{
    internal const string Forms = """
        using MicroWeb;
        using System.Collections.Generic;
        using System.ComponentModel.DataAnnotations;

        namespace App;

        public enum Color { Red, Green }

        public sealed record Signup(
            [property: Required(ErrorMessage = "Name?"), StringLength(200, MinimumLength = 1)] string? Name,
            [Range(18, 130)] int Age,
            Color Color = Color.Green);

        public sealed class Search : IValidatableObject
        {
            public string? Term { get; set; }

            [Range(1, 100)]
            public int Page { get; init; } = 1;

            public List<int> Tags { get; set; } = [];

            public string[]? Words { get; init; }

            public FormFile? Cover { get; set; }

            [Required]
            public Signup? Nested { get; set; }

            public IEnumerable<ValidationResult> Validate(ValidationContext context) => [];
        }

        public struct Point
        {
            public double X { get; set; }
            public double? Y { get; init; }
        }

        public sealed class Strict
        {
            public required string Name { get; set; }
        }

        public sealed class ModelsController : Controller
        {
            [HttpPost("/signup")]
            public string Signup(Signup form) => form.Name ?? "";

            [HttpGet("/search")]
            public string Find([FromQuery] Search query, [FromQuery] Point at) => query.Term ?? "";

            [HttpPost("/strict")]
            public string Post([FromForm] Strict strict) => strict.Name;

            [HttpPost("/strict.json")]
            public string Json([FromBody] Strict strict) => strict.Name;
        }
        """;

    [Test]
    public void A_record_is_described_with_its_constructor_defaults_and_validation_attributes()
    {
        var (diagnostics, sources, output) = GeneratorHarness.Run(Forms);

        Assert.That(diagnostics, Is.Empty);
        var code = sources.Single();
        Assert.That(code, Does.Contain("global::MicroWeb.GeneratedParameter.Model<global::App.Signup>(true, new global::MicroWeb.GeneratedModel<global::App.Signup>("));
        Assert.That(code, Does.Contain("global::MicroWeb.GeneratedModelMember.Of<string>(\"Name\", global::MicroWeb.GeneratedParser.String)"));
        Assert.That(code, Does.Contain("var model = new global::App.Signup(values.Get<string>(0, default(string)), values.Get<int>(1, default(int)), values.Get<global::App.Color>(2, ((global::App.Color)(1))));"));
        Assert.That(code, Does.Contain(".Validates(\"Name\", static model => (object)model.@Name, new global::System.ComponentModel.DataAnnotations.RequiredAttribute() { @ErrorMessage = ((string)(\"Name?\")) }, "
            + "new global::System.ComponentModel.DataAnnotations.StringLengthAttribute(((int)(200))) { @MinimumLength = ((int)(1)) })"));
        Assert.That(code, Does.Contain(".Validates(\"Age\", static model => (object)model.@Age, new global::System.ComponentModel.DataAnnotations.RangeAttribute(((int)(18)), ((int)(130))))"),
            "a record parameter's own attribute validates the property");
        AssertCompiles(output);
    }

    [Test]
    public void A_class_sets_its_properties_init_ones_through_UnsafeAccessor_and_a_struct_by_reference()
    {
        var (_, sources, output) = GeneratorHarness.Run(Forms);

        var code = sources.Single();
        Assert.That(code, Does.Contain("global::MicroWeb.GeneratedModelMember.Of<global::System.Collections.Generic.List<int>, int>(\"Tags\", global::MicroWeb.GeneratedParser.Parsable<int>())"));
        Assert.That(code, Does.Contain("global::MicroWeb.GeneratedModelMember.Of<string[], string>(\"Words\", global::MicroWeb.GeneratedParser.String)"));
        Assert.That(code, Does.Contain("global::MicroWeb.GeneratedModelMember.Files<global::MicroWeb.FormFile>(\"Cover\")"));
        Assert.That(code, Does.Contain("model.@Term = v0;"));
        Assert.That(code, Does.Match(@"MicroWebInit_[0-9a-f]{8}_Page\(model, v1\);"));
        Assert.That(code, Does.Match(@"UnsafeAccessorKind.Method, Name = ""set_Page""\)\]\s+private static extern void MicroWebInit_[0-9a-f]{8}_Page\(global::App.Search model, int value\);"));
        Assert.That(code, Does.Match(@"MicroWebInit_[0-9a-f]{8}_Y\(ref model, v1\);"), "a struct's init setter takes the local by reference");
        Assert.That(code, Does.Contain(".Validates(\"Nested\", static model => (object)model.@Nested, new global::System.ComponentModel.DataAnnotations.RequiredAttribute())"),
            "a member the form cannot fill is still validated");
        Assert.That(code, Does.Not.Contain("\"Nested\", global::MicroWeb"), "... but not bound");
        AssertCompiles(output);
    }

    [Test]
    public async Task Only_a_model_the_generator_cannot_describe_is_MW1006()
    {
        var diagnostics = await GeneratedBinderEmitTests.AnalyzeAsync(Forms, publishAot: true);

        Assert.That(diagnostics.Select(d => d.GetMessage()), Is.EqualTo(new[]
        {
            "Parameter 'strict' of ModelsController.Post binds App.Strict as a complex model, by reflection, which a Native AOT app cannot do: the app fails at startup naming it. "
            + "Bind its values as simple parameters, or mark a registered service [FromServices] (docs/aot.md).",
        }), "a required member the form may lack: not generated; the same model from a JSON body is");
        var code = GeneratorHarness.Run(Forms).Sources.Single();
        Assert.That(code, Does.Contain("global::MicroWeb.GeneratedParameter.Of<global::App.Strict>(true)"));
        Assert.That(code, Does.Contain("global::MicroWeb.GeneratedParameter.Model<global::App.Strict>(true, new global::MicroWeb.GeneratedModel<global::App.Strict>(new global::MicroWeb.GeneratedModelMember[] { global::MicroWeb.GeneratedModelMember.Of<string>(\"Name\", global::MicroWeb.GeneratedParser.String) },\n                                null)"));
    }

    [Test]
    public void An_edit_elsewhere_leaves_the_described_models_cached()
    {
        var compilation = GeneratorHarness.Compile(Forms, "namespace App; public static class Other { public const int N = 1; }");
        var driver = GeneratorHarness.Driver().RunGenerators(compilation);
        var edited = compilation.ReplaceSyntaxTree(
            compilation.SyntaxTrees.ElementAt(1),
            CSharpSyntaxTree.ParseText("namespace App; public static class Other { public const int N = 2; }", new CSharpParseOptions(LanguageVersion.Latest), path: "Source1.cs"));

        var result = driver.RunGenerators(edited).GetRunResult().Results[0];

        Assert.That(result.TrackedSteps[ControllerGenerator.ControllersStep].SelectMany(s => s.Outputs).Select(o => o.Reason),
            Is.All.AnyOf(IncrementalStepRunReason.Cached, IncrementalStepRunReason.Unchanged));
    }

    private static void AssertCompiles(Compilation output)
    {
        var problems = output.GetDiagnostics().Where(d => d.Severity >= DiagnosticSeverity.Warning).ToArray();
        Assert.That(problems, Is.Empty, string.Join(Environment.NewLine, problems.Select(p => p.ToString())));
    }
}
