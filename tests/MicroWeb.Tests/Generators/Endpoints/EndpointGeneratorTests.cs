using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using MicroWeb.Generators.Endpoints;

namespace MicroWeb.Tests.Generators.Endpoints;

/// <summary>The handler-delegate generator on source strings: which calls it intercepts, that its code compiles, the suppressor, its caching.</summary>
public class EndpointGeneratorTests
{
    private const string App = """
        using System;
        using System.Threading.Tasks;
        using MicroWeb;

        namespace App;

        public sealed class Store;

        public static class Api
        {
            public static void Map(MicroWebApp app, Delegate unknown)
            {
                app.MapGet("/lambda/{id:int}", (int id, string? q) => $"{id}{q}");
                app.MapPost("/group", Create);
                var group = app.MapGroup("/api");
                group.MapPut("/configured", (Store store) => Results.Text("ok"), endpoint => endpoint.RequireAuthorization());
                group.MapDelete("/void/{id}", (int id) => { });
                app.Map(["GET", "HEAD"], "/many", async () => { await Task.Yield(); return 1; });
                app.MapPatch("/defaults", (int page = 2, string sort = "name") => page + sort);
                app.MapGet("/variable", unknown);
                app.MapGet("/generic", Generic<int>);
                app.MapGet("/request", context => context.Response.WriteAsync("hi").AsTask());
            }

            private static ValueTask<string> Create(Store store, HttpContext context) => ValueTask.FromResult("");

            private static string Generic<T>(T value) => "";
        }
        """;

    [Test]
    public void Intercepts_lambdas_method_groups_group_and_configure_calls()
    {
        var (sources, _) = EndpointGeneratorHarness.Run(App);

        Assert.That(sources, Has.Length.EqualTo(1));
        var code = sources[0];
        Assert.That(code, Does.Contain("file sealed class InterceptsLocationAttribute"));
        Assert.That(code, Does.Contain("namespace MicroWeb.Generated"));
        Assert.That(Count(code, "[global::System.Runtime.CompilerServices.InterceptsLocation(1, \""), Is.EqualTo(6), "six analysable calls");
        Assert.That(code, Does.Contain("var typed = (global::System.Func<int, string, string>)handler;"));
        Assert.That(code, Does.Contain("var a0 = arguments.Get<int>(0);"));
        Assert.That(code, Does.Contain("global::MicroWeb.GeneratedParameter.Of<int>(false, global::MicroWeb.GeneratedParser.Parsable<int>())"));
        Assert.That(code, Does.Contain("global::MicroWeb.GeneratedAction.UnwrapValueTask<string>()"), "the method group's ValueTask<string>");
        Assert.That(code, Does.Contain("global::MicroWeb.GeneratedAction.UnwrapTask<int>()"), "the async lambda's Task<int>");
        Assert.That(code, Does.Contain("global::System.Action<global::MicroWeb.RouteHandlerBuilder> configure)"));
        Assert.That(code, Does.Contain("\"PUT\" }, template, handler, \"MapPut\", configure,"));
        Assert.That(code, Does.Contain("Map4<TBuilder>(this TBuilder app, global::System.Collections.Generic.IEnumerable<string> methods, string template"));
        Assert.That(code, Does.Contain("Cast(handler, static string (int a0 = (int)(2), string a1 = \"name\") => throw null!)"), "a default value makes the delegate type the compiler's own");
        Assert.That(code, Does.Contain("typed(a0);" + Environment.NewLine + "                        return null;"), "a void handler returns null");
    }

    [Test]
    public void Generated_code_compiles_without_warnings_and_intercepts_the_calls()
    {
        var (_, output) = EndpointGeneratorHarness.Run(App);

        var problems = output.GetDiagnostics().Where(d => d.Severity >= DiagnosticSeverity.Warning).ToArray();
        var api = output.SyntaxTrees.First();
        var model = output.GetSemanticModel(api);
        var intercepted = api.GetRoot().DescendantNodes().OfType<Microsoft.CodeAnalysis.CSharp.Syntax.InvocationExpressionSyntax>()
            .Where(i => model.GetInterceptorMethod(i) is not null)
            .Select(i => i.ArgumentList.Arguments.Select(a => a.ToString()).First(a => a.StartsWith("\"/", StringComparison.Ordinal))).ToArray();

        Assert.That(problems, Is.Empty, string.Join(Environment.NewLine, problems.Select(p => p.ToString())));
        Assert.That(intercepted, Has.Length.EqualTo(6));
        Assert.That(intercepted, Has.None.EqualTo("\"/variable\"").And.None.EqualTo("\"/generic\"").And.None.EqualTo("\"/request\""));
    }

    [Test]
    public async Task The_suppressor_removes_the_trim_warnings_of_exactly_the_intercepted_calls()
    {
        var (_, output) = EndpointGeneratorHarness.Run(App.Replace(
            "app.MapGet(\"/request\"",
            "app.MapGet(\"/inside\", () => Reflected());\n        app.MapGet(\"/request\"").Replace(
            "private static string Generic<T>",
            "[System.Diagnostics.CodeAnalysis.RequiresUnreferencedCode(\"test\")] private static string Reflected() => \"\";\n\n    private static string Generic<T>"));

        var warnings = await EndpointGeneratorHarness.TrimWarningsAsync(output);
        // The call a warning is on (the analyzers put it on the method's name), or the expression itself inside a handler.
        string Call(Diagnostic d)
        {
            var node = d.Location.SourceTree!.GetRoot().FindNode(d.Location.SourceSpan);
            return (node.FirstAncestorOrSelf<Microsoft.CodeAnalysis.CSharp.Syntax.InvocationExpressionSyntax>() ?? node).ToString();
        }
        var suppressed = warnings.Where(d => d.IsSuppressed).ToArray();
        var kept = warnings.Where(d => !d.IsSuppressed).Select(Call).ToArray();

        Assert.That(suppressed.Select(d => d.Id).Distinct(), Is.EquivalentTo(new[] { "IL2026", "IL3050" }));
        Assert.That(suppressed.Select(Call).Distinct().Count(), Is.EqualTo(7), "the six calls and /inside's MapGet: all intercepted; suppressed:\n" + string.Join("\n", suppressed.Select(Call).Distinct()) + "\nkept:\n" + string.Join("\n", kept));
        Assert.That(kept, Has.Some.StartsWith("app.MapGet(\"/variable\""), "a Delegate variable keeps the reflection path and its warning");
        Assert.That(kept, Has.Some.StartsWith("app.MapGet(\"/generic\""), "so does a generic method");
        Assert.That(kept, Has.Some.EqualTo("Reflected()"), "a warning inside an intercepted handler is its own");
    }

    [Test]
    public void Nothing_is_generated_without_MicroWeb_calls()
    {
        var (sources, _) = EndpointGeneratorHarness.Run("namespace App; public static class Plain { public static void Map() { } public static void Run() => Map(); }");

        Assert.That(sources, Is.Empty);
    }

    [Test]
    public void Unchanged_calls_are_cached_when_another_file_changes()
    {
        var compilation = EndpointGeneratorHarness.Compile(App, "namespace App; public static class Other { public const int N = 1; }");
        var driver = EndpointGeneratorHarness.Driver().RunGenerators(compilation);
        var edited = compilation.ReplaceSyntaxTree(
            compilation.SyntaxTrees.ElementAt(1),
            CSharpSyntaxTree.ParseText("namespace App; public static class Other { public const int N = 2; }", EndpointGeneratorHarness.ParseOptions, path: "Source1.cs"));

        var result = driver.RunGenerators(edited).GetRunResult().Results[0];

        Assert.That(result.TrackedSteps[EndpointGenerator.EndpointsStep].SelectMany(s => s.Outputs).Select(o => o.Reason),
            Is.Not.Empty.And.All.AnyOf(IncrementalStepRunReason.Cached, IncrementalStepRunReason.Unchanged));
        Assert.That(result.TrackedOutputSteps.SelectMany(s => s.Value).SelectMany(s => s.Outputs).Select(o => o.Reason),
            Is.All.AnyOf(IncrementalStepRunReason.Cached, IncrementalStepRunReason.Unchanged));
    }

    [Test]
    public void An_edited_handler_is_generated_again()
    {
        var compilation = EndpointGeneratorHarness.Compile(App);
        var driver = EndpointGeneratorHarness.Driver().RunGenerators(compilation);
        var edited = compilation.ReplaceSyntaxTree(
            compilation.SyntaxTrees.First(),
            CSharpSyntaxTree.ParseText(App.Replace("(int id, string? q) => $\"{id}{q}\"", "(long id, string? q) => $\"{id}{q}\""), EndpointGeneratorHarness.ParseOptions, path: "Source0.cs"));

        var result = driver.RunGenerators(edited).GetRunResult().Results[0];

        Assert.That(result.TrackedSteps[EndpointGenerator.EndpointsStep].SelectMany(s => s.Outputs).Select(o => o.Reason), Has.Some.EqualTo(IncrementalStepRunReason.Modified));
        Assert.That(result.GeneratedSources[0].SourceText.ToString(), Does.Contain("(global::System.Func<long, string, string>)handler"));
    }

    private static int Count(string text, string part)
    {
        var count = 0;
        for (var i = text.IndexOf(part, StringComparison.Ordinal); i >= 0; i = text.IndexOf(part, i + part.Length, StringComparison.Ordinal))
        {
            count++;
        }

        return count;
    }
}
