using System.Collections.Immutable;
using System.Reflection;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;

namespace MicroWeb.Tests.Support;

/// <summary>
/// The source generators a net10.0 project gets from its targeting pack that the code under test relies on — the
/// System.Text.Json generator (<c>JsonSerializerContext</c>) — so an in-test compilation sees what the real build sees.
/// </summary>
internal static class SdkSourceGenerators
{
    private static readonly ImmutableArray<ISourceGenerator> s_generators = Load();

    /// <summary>
    /// <paramref name="compilation"/> with the generators' output added; the generated files are placed under
    /// <paramref name="baseDirectory"/> when given (as the SDK puts them under obj/).
    /// </summary>
    public static Compilation Run(Compilation compilation, CSharpParseOptions parseOptions, string? baseDirectory = null)
    {
        var options = new GeneratorDriverOptions(IncrementalGeneratorOutputKind.None, trackIncrementalGeneratorSteps: false, baseDirectory);
        CSharpGeneratorDriver.Create(s_generators, parseOptions: parseOptions, driverOptions: options)
            .RunGeneratorsAndUpdateCompilation(compilation, out var updated, out _);
        return updated;
    }

    /// <summary>
    /// The System.Text.Json generator of the targeting pack next to the running runtime
    /// (<c>packs/Microsoft.NETCore.App.Ref/VERSION/analyzers/dotnet/cs</c>), or none when the pack is absent.
    /// </summary>
    private static ImmutableArray<ISourceGenerator> Load()
    {
        var runtime = new DirectoryInfo(System.Runtime.InteropServices.RuntimeEnvironment.GetRuntimeDirectory());
        var dotnetRoot = runtime.Parent?.Parent?.Parent;
        var path = dotnetRoot is null ? null : Path.Combine(dotnetRoot.FullName, "packs", "Microsoft.NETCore.App.Ref", runtime.Name, "analyzers", "dotnet", "cs", "System.Text.Json.SourceGeneration.dll");
        return path is not null && File.Exists(path) ? new AnalyzerFileReference(path, new Loader()).GetGenerators(LanguageNames.CSharp) : [];
    }

    private sealed class Loader : IAnalyzerAssemblyLoader
    {
        public void AddDependencyLocation(string fullPath)
        {
        }

        public Assembly LoadFromPath(string fullPath) => Assembly.LoadFrom(fullPath);
    }
}
