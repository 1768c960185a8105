using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using MicroWeb.Tests.Support;

namespace MicroWeb.Tests.Architecture;

/// <summary>One type of src/MicroWeb referring to a type in another file, with where it happens.</summary>
internal sealed record TypeReference(string FromFolder, string FromType, string ToFolder, string ToType, string Location)
{
    public override string ToString() => $"{Location}: {FromType} ({FromFolder}) uses {ToType} ({ToFolder})";
}

/// <summary>A type declared in src/MicroWeb, with the folder it lives in.</summary>
internal sealed record DeclaredType(string File, string Folder, string Name, string Namespace, bool IsPublic);

/// <summary>
/// The library's source compiled with Roslyn, so every reference is resolved by the compiler, not guessed
/// from text. A type's layer is its top-level folder under src/MicroWeb; public types all share
/// <c>namespace MicroWeb</c>, so namespaces alone cannot say where a type lives.
/// </summary>
internal sealed class SourceModel
{
    private SourceModel(string root, CSharpCompilation compilation)
    {
        Root = root;
        Compilation = compilation;
    }

    /// <summary>src/MicroWeb, the folder every path here is relative to.</summary>
    public string Root { get; }

    public CSharpCompilation Compilation { get; }

    /// <summary>The library as it is in the repository, or null when the sources are not next to the tests.</summary>
    public static SourceModel? LoadLibrary()
    {
        DirectoryInfo? directory = new(TestContext.CurrentContext.TestDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "Micro.sln")))
        {
            directory = directory.Parent;
        }

        if (directory is null)
        {
            return null;
        }

        string root = Path.Combine(directory.FullName, "src", "MicroWeb");
        var files = Directory.EnumerateFiles(root, "*.cs", SearchOption.AllDirectories)
            .Where(f => !IsBuildOutput(Path.GetRelativePath(root, f)))
            .Select(f => (Path: f, Text: File.ReadAllText(f)));
        return Create(root, files);
    }

    /// <summary>A model of <paramref name="files"/> (path under <paramref name="root"/>, source text).</summary>
    public static SourceModel Create(string root, IEnumerable<(string Path, string Text)> files)
    {
        var options = new CSharpParseOptions(LanguageVersion.Preview);
        var trees = files.Select(f => CSharpSyntaxTree.ParseText(f.Text, options, f.Path)).ToList();
        trees.Add(CSharpSyntaxTree.ParseText(SdkImplicitUsings.Source, options, Path.Combine(root, "obj", "ImplicitUsings.g.cs")));
        var compilation = CSharpCompilation.Create(
            "MicroWeb",
            trees,
            References(),
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable, allowUnsafe: true));
        // The System.Text.Json generator completes the library's JsonSerializerContext; its files go under obj/, which the rules skip.
        return new SourceModel(root, (CSharpCompilation)SdkSourceGenerators.Run(compilation, options, Path.Combine(root, "obj", "generated")));
    }

    /// <summary>Compiler errors; any means the model may have resolved a name wrongly.</summary>
    public ImmutableArray<Diagnostic> Errors() =>
        [.. Compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error)];

    /// <summary>Every named type declared in the library (nested ones included).</summary>
    public IReadOnlyList<DeclaredType> DeclaredTypes()
    {
        var types = new List<DeclaredType>();
        foreach ((string file, SyntaxTree tree, SemanticModel model) in LibraryFiles())
        {
            foreach (var declaration in tree.GetRoot().DescendantNodes().Where(n => n is BaseTypeDeclarationSyntax or DelegateDeclarationSyntax))
            {
                if (model.GetDeclaredSymbol(declaration) is INamedTypeSymbol symbol)
                {
                    types.Add(new DeclaredType(file, Folder(file), symbol.ToDisplayString(), symbol.ContainingNamespace.ToDisplayString(), IsVisibleOutside(symbol)));
                }
            }
        }

        return types;
    }

    /// <summary>Every reference from a type to a type declared in another top-level folder.</summary>
    public IReadOnlyList<TypeReference> CrossFolderReferences()
    {
        var references = new List<TypeReference>();
        foreach ((string file, SyntaxTree tree, SemanticModel model) in LibraryFiles())
        {
            string folder = Folder(file);
            foreach (SimpleNameSyntax name in tree.GetRoot().DescendantNodes().OfType<SimpleNameSyntax>())
            {
                // A using directive names a namespace, or a type that is counted where it is used.
                if (name.Ancestors().Any(a => a is UsingDirectiveSyntax))
                {
                    continue;
                }

                SymbolInfo info = model.GetSymbolInfo(name);
                INamedTypeSymbol? target = TypeOf(info.Symbol ?? info.CandidateSymbols.FirstOrDefault());
                if (target is null || DeclaringFile(target) is not { } targetFile)
                {
                    continue;
                }

                string targetFolder = Folder(targetFile);
                if (targetFolder == folder)
                {
                    continue;
                }

                string from = name.Ancestors().FirstOrDefault(a => a is BaseTypeDeclarationSyntax or DelegateDeclarationSyntax) is { } declaration
                    && model.GetDeclaredSymbol(declaration) is { } declared
                    ? declared.ToDisplayString()
                    : file;
                int line = name.GetLocation().GetLineSpan().StartLinePosition.Line + 1;
                references.Add(new TypeReference(folder, from, targetFolder, target.ToDisplayString(), $"{file}:{line}"));
            }
        }

        return references;
    }

    /// <summary>The top-level folder of a path relative to src/MicroWeb; files at the root are their own layer "(root)".</summary>
    public static string Folder(string relativePath)
    {
        int slash = relativePath.IndexOf('/');
        return slash < 0 ? "(root)" : relativePath[..slash];
    }

    /// <summary>The library's own files (not the implicit usings), with their path relative to <see cref="Root"/>.</summary>
    private IEnumerable<(string File, SyntaxTree Tree, SemanticModel Model)> LibraryFiles()
    {
        foreach (SyntaxTree tree in Compilation.SyntaxTrees)
        {
            string file = Relative(tree.FilePath);
            if (!IsBuildOutput(file))
            {
                yield return (file, tree, Compilation.GetSemanticModel(tree));
            }
        }
    }

    private string? DeclaringFile(INamedTypeSymbol type)
    {
        foreach (Location location in type.OriginalDefinition.Locations)
        {
            if (location.IsInSource && location.SourceTree is { } tree && !IsBuildOutput(Relative(tree.FilePath)))
            {
                return Relative(tree.FilePath);
            }
        }

        return null;
    }

    private static INamedTypeSymbol? TypeOf(ISymbol? symbol) => symbol switch
    {
        IAliasSymbol alias => TypeOf(alias.Target),
        IArrayTypeSymbol array => TypeOf(array.ElementType),
        INamedTypeSymbol type => type.OriginalDefinition,
        IMethodSymbol method => (method.ReducedFrom ?? method).ContainingType?.OriginalDefinition,
        IPropertySymbol or IFieldSymbol or IEventSymbol => symbol.ContainingType?.OriginalDefinition,
        _ => null,
    };

    private static bool IsVisibleOutside(INamedTypeSymbol type)
    {
        for (INamedTypeSymbol? current = type; current is not null; current = current.ContainingType)
        {
            if (current.DeclaredAccessibility is not (Accessibility.Public or Accessibility.Protected or Accessibility.ProtectedOrInternal))
            {
                return false;
            }
        }

        return true;
    }

    private string Relative(string path) => Path.GetRelativePath(Root, path).Replace('\\', '/');

    private static bool IsBuildOutput(string relativePath) =>
        relativePath.StartsWith("obj/", StringComparison.Ordinal) || relativePath.StartsWith("bin/", StringComparison.Ordinal);

    private static List<MetadataReference> References()
    {
        // The test host's trusted platform assemblies are the runtime plus every package the library uses;
        // the compiled MicroWeb and the assemblies built on it are left out, so each name resolves to source.
        string[] paths = ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(Path.PathSeparator);
        return [.. paths
            .Where(p => !Path.GetFileName(p).StartsWith("MicroWeb", StringComparison.Ordinal)
                && !Path.GetFileName(p).StartsWith("Hello", StringComparison.Ordinal))
            .Select(p => MetadataReference.CreateFromFile(p))];
    }
}
