using System.Collections.Immutable;
using System.Text;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using MicroWeb.Tests.Support;

namespace MicroWeb.Tests.Docs;

/// <summary>
/// Compiles C# snippets of the docs the way a reader's project would: net10.0, nullable on, the SDK's implicit
/// usings, and references to MicroWeb, MicroWeb.Testing, Microsoft.Extensions, NUnit and OpenTelemetry. Types the
/// prose assumes the reader's app has (an <c>IMessageStore</c>, an <c>IClock</c>…) come from Contexts/AppTypes.cs,
/// compiled once into an assembly of their own so that a snippet declaring one of them simply wins. The SDK's
/// System.Text.Json source generator runs too, as in a project, so a <c>JsonSerializerContext</c> snippet compiles.
/// </summary>
internal sealed class SnippetCompiler
{
    private const string Placeholder = "/*snippet*/";

    private static readonly CSharpParseOptions s_parseOptions = new(LanguageVersion.Latest);

    private readonly string _contexts;
    private readonly ImmutableArray<MetadataReference> _references;

    public SnippetCompiler(string contextsDirectory)
    {
        _contexts = contextsDirectory;
        var platform = ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(Path.PathSeparator);
        var references = platform.Select(path => (MetadataReference)MetadataReference.CreateFromFile(path)).ToList();
        var appTypes = Compile("AppTypes", [Parse(File.ReadAllText(Path.Combine(contextsDirectory, "AppTypes.cs")), "AppTypes.cs")], references, OutputKind.DynamicallyLinkedLibrary);
        if (appTypes.Errors.Count > 0) throw new InvalidOperationException("Contexts/AppTypes.cs does not compile:\n" + string.Join('\n', appTypes.Errors));
        references.Add(appTypes.Reference!);
        _references = [.. references];
    }

    /// <summary>The errors compiling <paramref name="snippet"/> (in its context, when it names one), as <c>file(line,col): message</c>.</summary>
    public IReadOnlyList<string> Errors(DocSnippet snippet)
    {
        var source = snippet.Context is null ? Mapped(snippet, snippet.Code, 0) : InContext(snippet);
        var tree = Parse(source, snippet.File);
        var kind = tree.GetCompilationUnitRoot().Members.OfType<GlobalStatementSyntax>().Any() ? OutputKind.ConsoleApplication : OutputKind.DynamicallyLinkedLibrary;
        return Compile("Snippet", [tree], _references, kind).Errors;
    }

    /// <summary>The snippet placed where its context file says <c>/*snippet*/</c>; its leading usings go to the top, as C# requires.</summary>
    private string InContext(DocSnippet snippet)
    {
        var path = Path.Combine(_contexts, snippet.Context + ".cs");
        if (!File.Exists(path)) throw new InvalidOperationException($"{snippet}: no context file Docs/Contexts/{snippet.Context}.cs.");
        var context = File.ReadAllText(path);
        var at = context.IndexOf(Placeholder, StringComparison.Ordinal);
        if (at < 0) throw new InvalidOperationException($"Docs/Contexts/{snippet.Context}.cs has no {Placeholder}.");

        var lines = snippet.Code.Split('\n');
        var usingCount = lines.TakeWhile(line => line.StartsWith("using ", StringComparison.Ordinal) && line.TrimEnd().EndsWith(';') || line.Trim().Length == 0).Count();
        var usings = string.Join('\n', lines.Take(usingCount));
        var body = string.Join('\n', lines.Skip(usingCount));
        var builder = new StringBuilder();
        if (usingCount > 0) builder.Append(Mapped(snippet, usings, 0));
        builder.Append(context.AsSpan(0, at)).Append('\n');
        builder.Append(Mapped(snippet, body, usingCount));
        builder.Append(context.AsSpan(at + Placeholder.Length));
        return builder.ToString();
    }

    /// <summary><paramref name="code"/> with a #line directive, so errors point at the markdown file's own lines.</summary>
    private static string Mapped(DocSnippet snippet, string code, int lineOffset) =>
        $"#line {snippet.Line + lineOffset} \"{snippet.File}\"\n{code}\n#line default\n";

    private static SyntaxTree Parse(string source, string path) => CSharpSyntaxTree.ParseText(source, s_parseOptions, path);

    private static (IReadOnlyList<string> Errors, MetadataReference? Reference) Compile(string name, IEnumerable<SyntaxTree> trees, IEnumerable<MetadataReference> references, OutputKind kind)
    {
        var options = new CSharpCompilationOptions(kind, nullableContextOptions: NullableContextOptions.Enable, allowUnsafe: false);
        Compilation compilation = CSharpCompilation.Create(name, [Parse(SdkImplicitUsings.Source, "GlobalUsings.g.cs"), .. trees], references, options);
        compilation = SdkSourceGenerators.Run(compilation, s_parseOptions);
        using var image = new MemoryStream();
        var result = compilation.Emit(image);
        var errors = result.Diagnostics
            .Where(d => d.Severity == DiagnosticSeverity.Error)
            .Select(d => $"{d.Location.GetMappedLineSpan().Path}({d.Location.GetMappedLineSpan().StartLinePosition.Line + 1},{d.Location.GetMappedLineSpan().StartLinePosition.Character + 1}): {d.Id} {d.GetMessage(System.Globalization.CultureInfo.InvariantCulture)}")
            .ToList();
        return (errors, result.Success ? MetadataReference.CreateFromImage(image.ToArray()) : null);
    }
}
