using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using MicroWeb.Generators.Controllers;

namespace MicroWeb.Tests.Generators.Controllers;

/// <summary>Runs <see cref="ControllerGenerator"/> on source strings, against the MicroWeb assembly the tests use.</summary>
internal static class GeneratorHarness
{
    /// <summary>The platform's assemblies, without MicroWeb's own (the test process has them all loaded).</summary>
    private static readonly Lazy<MetadataReference[]> s_platform = new(() =>
    [
        .. ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(Path.PathSeparator)
            .Where(p => !Path.GetFileName(p).StartsWith("MicroWeb", StringComparison.Ordinal))
            .Select(p => MetadataReference.CreateFromFile(p)),
    ]);

    private static readonly Lazy<MetadataReference[]> s_withMicroWeb = new(() =>
        [.. s_platform.Value, MetadataReference.CreateFromFile(typeof(MicroWebApp).Assembly.Location)]);

    public static CSharpCompilation Compile(params string[] sources) => Compile(withMicroWeb: true, sources);

    public static CSharpCompilation Compile(bool withMicroWeb, params string[] sources)
    {
        var references = withMicroWeb ? s_withMicroWeb.Value : s_platform.Value;
        return CSharpCompilation.Create(
            "App",
            sources.Select((s, i) => CSharpSyntaxTree.ParseText(s, new CSharpParseOptions(LanguageVersion.Latest), path: $"Source{i}.cs")),
            references,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));
    }

    public static GeneratorDriver Driver() =>
        CSharpGeneratorDriver.Create(
            [new ControllerGenerator().AsSourceGenerator()],
            parseOptions: new CSharpParseOptions(LanguageVersion.Latest),
            driverOptions: new GeneratorDriverOptions(IncrementalGeneratorOutputKind.None, trackIncrementalGeneratorSteps: true));

    /// <summary>The diagnostics <see cref="ControllerAnalyzer"/> reports on <paramref name="source"/>.</summary>
    public static async Task<ImmutableArray<Diagnostic>> AnalyzeAsync(string source) =>
        await Compile(source).WithAnalyzers([new ControllerAnalyzer()]).GetAnalyzerDiagnosticsAsync();

    /// <summary>Runs the generator; returns its diagnostics, its sources and the compilation with them added.</summary>
    public static (ImmutableArray<Diagnostic> Diagnostics, string[] Sources, Compilation Output) Run(params string[] sources)
    {
        var driver = Driver().RunGeneratorsAndUpdateCompilation(Compile(sources), out var output, out var diagnostics);
        var result = driver.GetRunResult();
        return (diagnostics, [.. result.GeneratedTrees.Select(t => t.GetText().ToString())], output);
    }
}
