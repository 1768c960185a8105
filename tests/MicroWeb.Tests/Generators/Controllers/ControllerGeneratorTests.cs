using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using MicroWeb.Generators.Controllers;

namespace MicroWeb.Tests.Generators.Controllers;

/// <summary>The controller generator on source strings: what it emits, that it compiles cleanly, its diagnostics and its caching.</summary>
public class ControllerGeneratorTests
{
    private const string Users = """
        using MicroWeb;
        using System.Threading.Tasks;

        namespace App;

        public sealed class UserStore;

        [Route("/users")]
        public sealed class UsersController(UserStore store) : Controller
        {
            [HttpGet("{id:int}")]
            public IResult Show(int id) => store is null ? NotFound() : Text(id.ToString());

            [HttpPost("")]
            public async Task<string> Create([FromQuery] string? name, System.Threading.CancellationToken aborted) { await Task.Yield(); return name ?? ""; }

            [HttpDelete("{id:int}")]
            public void Delete(int id) { }

            public string NotAnAction() => "";
        }
        """;

    [Test]
    public async Task Emits_a_table_with_a_constructor_call_and_a_typed_invoker_per_action()
    {
        var (diagnostics, sources, _) = GeneratorHarness.Run(Users);

        Assert.That(diagnostics, Is.Empty);
        Assert.That(await GeneratorHarness.AnalyzeAsync(Users), Is.Empty, "a sound controller has nothing to report");
        Assert.That(sources, Has.Length.EqualTo(1));
        var code = sources[0];
        Assert.That(code, Does.Contain("[global::System.Runtime.CompilerServices.ModuleInitializer]"));
        Assert.That(code, Does.Contain("new global::App.UsersController(global::Microsoft.Extensions.DependencyInjection.ServiceProviderServiceExtensions.GetRequiredService<global::App.UserStore>(services))"));
        Assert.That(code, Does.Contain("new global::MicroWeb.GeneratedAction(\"Show\", new global::System.Type[] { typeof(int) },"));
        Assert.That(code, Does.Contain("var a0 = arguments.Get<int>(0);"));
        Assert.That(code, Does.Contain("arguments.Get<global::System.Threading.CancellationToken>(1)"));
        Assert.That(code, Does.Contain("@Delete(a0);" + Environment.NewLine + "                                return null;"));
        Assert.That(code, Does.Not.Contain("NotAnAction"), "a method without a route attribute is no action");
    }

    [Test]
    public void Generated_code_compiles_without_warnings()
    {
        var (_, _, output) = GeneratorHarness.Run(Users);

        var problems = output.GetDiagnostics().Where(d => d.Severity >= DiagnosticSeverity.Warning).ToArray();

        Assert.That(problems, Is.Empty, string.Join(Environment.NewLine, problems.Select(p => p.ToString())));
    }

    [Test]
    public void Nothing_is_generated_without_controllers_or_without_MicroWeb()
    {
        var (diagnostics, sources, _) = GeneratorHarness.Run("namespace App; public sealed class Plain { }");
        var withoutMicroWeb = GeneratorHarness.Driver()
            .RunGenerators(GeneratorHarness.Compile(withMicroWeb: false, "namespace App; public sealed class HomeController { }"))
            .GetRunResult();

        Assert.That(sources, Is.Empty);
        Assert.That(diagnostics, Is.Empty);
        Assert.That(withoutMicroWeb.GeneratedTrees, Is.Empty);
    }

    [Test]
    public void A_controller_with_several_constructors_is_left_to_the_runtime_to_build()
    {
        var (_, sources, _) = GeneratorHarness.Run("""
            using MicroWeb;
            namespace App;
            public sealed class TwoController
            {
                public TwoController() { }
                public TwoController(string name) { }
                [HttpGet("/two")] public string Get() => "";
            }
            """);

        Assert.That(sources[0], Does.Contain("new global::MicroWeb.GeneratedController(typeof(global::App.TwoController)," + Environment.NewLine + "                    null,"));
    }

    [Test]
    public async Task Invalid_template_is_MW1001_at_the_attribute()
    {
        var diagnostic = await SingleAsync("""
            using MicroWeb;
            namespace App;
            public sealed class BadController
            {
                [HttpGet("/items/{id")]
                public string Get(int id) => "";
            }
            """);

        Assert.That(diagnostic.Id, Is.EqualTo("MW1001"));
        Assert.That(diagnostic.Severity, Is.EqualTo(DiagnosticSeverity.Error));
        Assert.That(diagnostic.GetMessage(), Does.Contain("'/items/{id'").And.Contain("BadController.Get").And.Contain("unbalanced '{'"));
        AssertAt(diagnostic, line: 5);
    }

    [Test]
    public async Task Route_parameter_no_parameter_binds_is_MW1002()
    {
        var diagnostic = await SingleAsync("""
            using MicroWeb;
            namespace App;
            public sealed class ItemsController
            {
                [HttpGet("/items/{id}")]
                public string Get(int itemId) => "";
            }
            """);

        Assert.That(diagnostic.Id, Is.EqualTo("MW1002"));
        Assert.That(diagnostic.GetMessage(), Is.EqualTo(
            "Route parameter '{id}' of 'GET /items/{id}' is not bound by any parameter of ItemsController.Get: add a parameter named 'id' or [FromRoute(Name = \"id\")]"));
        AssertAt(diagnostic, line: 5);
    }

    [Test]
    public async Task A_model_parameter_may_bind_route_values_so_no_MW1002_is_claimed()
    {
        var diagnostics = await GeneratorHarness.AnalyzeAsync("""
            using MicroWeb;
            namespace App;
            public sealed class Query { public int Id { get; set; } }
            public sealed class ItemsController
            {
                [HttpGet("/items/{id}")]
                public string Get(Query query) => "";
            }
            """);

        Assert.That(diagnostics, Is.Empty);
    }

    [Test]
    public async Task Constraint_the_parameter_type_cannot_take_is_MW1003_at_the_parameter()
    {
        var diagnostic = await SingleAsync("""
            using MicroWeb;
            namespace App;
            public sealed class ItemsController
            {
                [HttpGet("/items/{id:int}")]
                public string Get(System.Guid id) => "";
            }
            """);

        Assert.That(diagnostic.Id, Is.EqualTo("MW1003"));
        Assert.That(diagnostic.GetMessage(), Is.EqualTo(
            "Parameter 'id' (Guid) of ItemsController.Get cannot take the constraint 'int' of route parameter '{id}' in 'GET /items/{id:int}': "
            + "make the parameter int, long, Int128, decimal, double, float or string, or change the constraint"));
        AssertAt(diagnostic, line: 6);
    }

    [Test]
    public async Task Two_actions_on_the_same_method_and_route_are_MW1004()
    {
        var diagnostic = await SingleAsync("""
            using MicroWeb;
            namespace App;
            [Route("/items")]
            public sealed class ItemsController
            {
                [HttpGet("{id:int}")] public string A(int id) => "";
                [HttpGet("{number:int}")] public string B(int number) => "";
                [HttpPost("{number:int}")] public string C(int number) => "";
            }
            """);

        Assert.That(diagnostic.Id, Is.EqualTo("MW1004"));
        Assert.That(diagnostic.GetMessage(), Does.Contain("ItemsController.A and ItemsController.B both answer GET '/items/{number:int}'"));
        AssertAt(diagnostic, line: 7);
    }

    [TestCase("public string Get<T>() => \"\";", "actions are non-generic instance methods")]
    [TestCase("public string Get(ref int id) => \"\";", "parameter 'id' is ref, out, in or a pointer")]
    [TestCase("public string Get([FromQuery][FromHeader] string id) => \"\";", "parameter 'id' has 2 binding-source attributes")]
    [TestCase("public string Get([FromRoute] string slug) => \"\";", "reads route parameter 'slug', which '/x' does not have")]
    public async Task An_action_or_parameter_that_cannot_be_bound_is_MW1005(string action, string reason)
    {
        var diagnostic = await SingleAsync($$"""
            using MicroWeb;
            namespace App;
            public sealed class XController
            {
                [HttpGet("/x")]
                {{action}}
            }
            """);

        Assert.That(diagnostic.Id, Is.EqualTo("MW1005"));
        Assert.That(diagnostic.GetMessage(), Does.StartWith("XController.Get cannot be an action: ").And.Contain(reason));
        AssertAt(diagnostic, line: 6);
    }

    [Test]
    public void An_unchanged_controller_is_cached_when_another_file_changes()
    {
        var compilation = GeneratorHarness.Compile(Users, "namespace App; public static class Other { public const int N = 1; }");
        var driver = GeneratorHarness.Driver().RunGenerators(compilation);
        var edited = compilation.ReplaceSyntaxTree(
            compilation.SyntaxTrees.ElementAt(1),
            CSharpSyntaxTree.ParseText("namespace App; public static class Other { public const int N = 2; }", new CSharpParseOptions(LanguageVersion.Latest), path: "Source1.cs"));

        var result = driver.RunGenerators(edited).GetRunResult().Results[0];

        var steps = result.TrackedSteps[ControllerGenerator.ControllersStep];
        Assert.That(steps.SelectMany(s => s.Outputs).Select(o => o.Reason), Is.All.AnyOf(IncrementalStepRunReason.Cached, IncrementalStepRunReason.Unchanged));
        Assert.That(result.TrackedOutputSteps.SelectMany(s => s.Value).SelectMany(s => s.Outputs).Select(o => o.Reason),
            Is.All.AnyOf(IncrementalStepRunReason.Cached, IncrementalStepRunReason.Unchanged));
    }

    [Test]
    public void An_edited_action_is_generated_again()
    {
        var compilation = GeneratorHarness.Compile(Users);
        var driver = GeneratorHarness.Driver().RunGenerators(compilation);
        var edited = compilation.ReplaceSyntaxTree(
            compilation.SyntaxTrees.First(),
            CSharpSyntaxTree.ParseText(Users.Replace("public void Delete(int id)", "public void Remove(int id)"), new CSharpParseOptions(LanguageVersion.Latest), path: "Source0.cs"));

        var result = driver.RunGenerators(edited).GetRunResult().Results[0];

        Assert.That(result.TrackedSteps[ControllerGenerator.ControllersStep].SelectMany(s => s.Outputs).Select(o => o.Reason), Has.Some.EqualTo(IncrementalStepRunReason.Modified));
        Assert.That(result.GeneratedSources[0].SourceText.ToString(), Does.Contain("\"Remove\"").And.Not.Contain("\"Delete\""));
    }

    private static async Task<Diagnostic> SingleAsync(string source)
    {
        var diagnostics = await GeneratorHarness.AnalyzeAsync(source);
        Assert.That(diagnostics, Has.Length.EqualTo(1), string.Join(Environment.NewLine, diagnostics.Select(d => d.ToString())));
        return diagnostics[0];
    }

    /// <summary>The diagnostic is in the source, on <paramref name="line"/> (1-based).</summary>
    private static void AssertAt(Diagnostic diagnostic, int line)
    {
        var span = diagnostic.Location.GetLineSpan();
        Assert.That(span.Path, Is.EqualTo("Source0.cs"));
        Assert.That(span.StartLinePosition.Line + 1, Is.EqualTo(line));
    }
}
