using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using MicroWeb.Generators.Endpoints;
using MicroWeb.Tests.Generators.Controllers;

namespace MicroWeb.Tests.Generators.Endpoints;

/// <summary>
/// Runs <see cref="EndpointGenerator"/> on source strings with the interceptors namespace allowed (as MicroWeb.targets
/// allows it), and the SDK's own trim and AOT analyzer (ILLink.RoslynAnalyzer) with <see cref="EndpointSuppressor"/>.
/// </summary>
internal static class EndpointGeneratorHarness
{
    public static readonly CSharpParseOptions ParseOptions = new CSharpParseOptions(LanguageVersion.Latest)
        .WithFeatures([new KeyValuePair<string, string>("InterceptorsNamespaces", "MicroWeb.Generated")]);

    public static CSharpCompilation Compile(params string[] sources)
    {
        // All trees at once: a compilation's trees must share their parse options' features.
        var compilation = GeneratorHarness.Compile(sources);
        return compilation.RemoveAllSyntaxTrees().AddSyntaxTrees(compilation.SyntaxTrees.Select(tree => tree.WithRootAndOptions(tree.GetRoot(), ParseOptions)));
    }

    public static GeneratorDriver Driver() =>
        CSharpGeneratorDriver.Create(
            [new EndpointGenerator().AsSourceGenerator()],
            parseOptions: ParseOptions,
            driverOptions: new GeneratorDriverOptions(IncrementalGeneratorOutputKind.None, trackIncrementalGeneratorSteps: true));

    /// <summary>Runs the generator; returns its sources and the compilation with them added.</summary>
    public static (string[] Sources, Compilation Output) Run(params string[] sources)
    {
        var driver = Driver().RunGeneratorsAndUpdateCompilation(Compile(sources), out var output, out var diagnostics);
        Assert.That(diagnostics, Is.Empty);
        return ([.. driver.GetRunResult().GeneratedTrees.Select(t => t.GetText().ToString())], output);
    }

    /// <summary>The trim and AOT analyzer's warnings on <paramref name="compilation"/>, suppressed ones included (<see cref="Diagnostic.IsSuppressed"/>).</summary>
    public static async Task<ImmutableArray<Diagnostic>> TrimWarningsAsync(Compilation compilation)
    {
        ImmutableArray<DiagnosticAnalyzer> analyzers = [.. TrimAnalyzers(), new EndpointSuppressor()];
        var options = new CompilationWithAnalyzersOptions(
            new AnalyzerOptions([], new BuildProperties()), onAnalyzerException: null, concurrentAnalysis: false, logAnalyzerExecutionTime: false, reportSuppressedDiagnostics: true);
        var diagnostics = await compilation.WithAnalyzers(analyzers, options).GetAnalyzerDiagnosticsAsync();
        return [.. diagnostics.Where(d => d.Id is "IL2026" or "IL3050")];
    }

    /// <summary>
    /// ILLink.RoslynAnalyzer from the NuGet cache: the SDK restores Microsoft.NET.ILLink.Tasks for src/MicroWeb, which
    /// is AOT-compatible, so a build of this repository always has it. The newest of this runtime's major version.
    /// </summary>
    private static IEnumerable<DiagnosticAnalyzer> TrimAnalyzers()
    {
        var packages = Environment.GetEnvironmentVariable("NUGET_PACKAGES")
            ?? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
        var versions = Path.Combine(packages, "microsoft.net.illink.tasks");
        var version = Directory.Exists(versions)
            ? Directory.GetDirectories(versions, $"{Environment.Version.Major}.*").Select(Path.GetFileName).OrderBy(v => Version.Parse(v!.Split('-')[0])).LastOrDefault()
            : null;
        Assert.That(version, Is.Not.Null, $"Microsoft.NET.ILLink.Tasks {Environment.Version.Major}.x is not in {packages}: restore src/MicroWeb first");
        var path = Path.Combine(versions, version!, "analyzers", "dotnet", "cs", "ILLink.RoslynAnalyzer.dll");
        return new AnalyzerFileReference(path, new Loader()).GetAnalyzers(LanguageNames.CSharp);
    }

    private sealed class Loader : IAnalyzerAssemblyLoader
    {
        public void AddDependencyLocation(string fullPath)
        {
        }

        public System.Reflection.Assembly LoadFromPath(string fullPath) => System.Reflection.Assembly.LoadFrom(fullPath);
    }

    /// <summary>What an AOT-compatible project passes the analyzers: trim and AOT analysis on.</summary>
    private sealed class BuildProperties : AnalyzerConfigOptionsProvider
    {
        private static readonly Options s_options = new();

        public override AnalyzerConfigOptions GlobalOptions => s_options;

        public override AnalyzerConfigOptions GetOptions(SyntaxTree tree) => s_options;

        public override AnalyzerConfigOptions GetOptions(AdditionalText textFile) => s_options;

        private sealed class Options : AnalyzerConfigOptions
        {
            public override bool TryGetValue(string key, out string value)
            {
                value = "true";
                return key is "build_property.EnableTrimAnalyzer" or "build_property.EnableAotAnalyzer" or "build_property.EnableSingleFileAnalyzer" or "build_property.IsAotCompatible";
            }
        }
    }
}
