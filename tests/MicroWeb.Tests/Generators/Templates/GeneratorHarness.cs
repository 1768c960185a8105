using System.Collections.Immutable;
using System.Reflection;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Text;

namespace MicroWeb.Tests.Generators.Templates;

/// <summary>Runs the template generator over source and template strings, the way the compiler runs it in a build.</summary>
internal static class GeneratorHarness
{
    private static readonly Lazy<ImmutableArray<MetadataReference>> s_references = new(() =>
    [
        .. ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(Path.PathSeparator)
            .Where(p => p.EndsWith(".dll", StringComparison.Ordinal))
            .Select(p => MetadataReference.CreateFromFile(p)),
        MetadataReference.CreateFromFile(typeof(ICompiledView).Assembly.Location),
    ]);

    private static readonly Lazy<Type> s_generator = new(() =>
    {
        // The test project references the generator as an analyzer only (ReferenceOutputAssembly=false), so its
        // build output is loaded from where the build put it, in the same configuration as the tests.
        var repository = new DirectoryInfo(AppContext.BaseDirectory);
        while (repository is not null && !File.Exists(Path.Combine(repository.FullName, "Micro.sln")))
            repository = repository.Parent;
        var configuration = AppContext.BaseDirectory.Contains($"{Path.DirectorySeparatorChar}Release{Path.DirectorySeparatorChar}") ? "Release" : "Debug";
        var path = Path.Combine(repository!.FullName, "src", "MicroWeb.Generators", "bin", configuration, "netstandard2.0", "MicroWeb.Generators.dll");
        return Assembly.LoadFrom(path).GetType("MicroWeb.Generators.Templates.TemplateGenerator", throwOnError: true)!;
    });

    public static IIncrementalGenerator CreateGenerator() => (IIncrementalGenerator)Activator.CreateInstance(s_generator.Value)!;

    public static CSharpCompilation Compile(params string[] sources) => CSharpCompilation.Create(
        "Views",
        sources.Select((s, i) => CSharpSyntaxTree.ParseText(s, new CSharpParseOptions(LanguageVersion.Preview), path: $"View{i}.cs")),
        s_references.Value,
        new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));

    public static GeneratorDriver Driver(params (string Name, string Text)[] templates) =>
        Driver([.. templates.Select(t => (AdditionalText)new TemplateText("/app/templates/" + t.Name, t.Text))]);

    public static GeneratorDriver Driver(params AdditionalText[] templates) =>
        CSharpGeneratorDriver.Create(
            [CreateGenerator().AsSourceGenerator()],
            templates,
            new CSharpParseOptions(LanguageVersion.Preview),
            driverOptions: new GeneratorDriverOptions(IncrementalGeneratorOutputKind.None, trackIncrementalGeneratorSteps: true));

    /// <summary>Runs the generator; returns its diagnostics and the compilation with the generated code added.</summary>
    public static (ImmutableArray<Diagnostic> Generator, Compilation Output, GeneratorDriver Driver) Run(string source, params (string Name, string Text)[] templates)
    {
        var driver = Driver(templates).RunGeneratorsAndUpdateCompilation(Compile(source), out var output, out var diagnostics);
        return (diagnostics, output, driver);
    }

    public static string[] GeneratedSources(GeneratorDriver driver) =>
        [.. driver.GetRunResult().GeneratedTrees.Select(t => t.ToString())];

    public sealed class TemplateText(string path, string text) : AdditionalText
    {
        public override string Path { get; } = path;

        public override SourceText GetText(CancellationToken cancellationToken = default) => SourceText.From(text);
    }
}
