using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace MicroWeb.Generators.Templates;

/// <summary>
/// Compiles <c>[Template("page.html")] partial class PageView</c> into an <c>ICompiledView</c>: the template file
/// (an AdditionalFile under templates/) with its partials and layouts, rendered by straight-line C# over the
/// class's members. Two inputs, both plain data: the template files and each view's type description; the output
/// step reads nothing else, so it reruns only when one of those changes.
/// </summary>
[Generator(LanguageNames.CSharp)]
internal sealed class TemplateGenerator : IIncrementalGenerator
{
    public const string AttributeName = "MicroWeb.TemplateAttribute";
    public const string ViewsStep = "MicroWebTemplateViews";
    public const string TemplatesStep = "MicroWebTemplateFiles";

    public void Initialize(IncrementalGeneratorInitializationContext context)
    {
        var templates = context.AdditionalTextsProvider
            .Combine(context.AnalyzerConfigOptionsProvider)
            .Select(static (pair, token) =>
            {
                var (text, options) = pair;
                options.GetOptions(text).TryGetValue("build_metadata.AdditionalFiles.MicroWebTemplate", out var metadata);
                var name = TemplateFile.NameOf(text.Path, metadata);
                if (name is null)
                    return null;
                var content = text.GetText(token);
                return content is null ? null : new TemplateFile(name, text.Path, content.ToString());
            })
            .Where(static file => file is not null)
            .Collect()
            .Select(static (files, _) => new TemplateSet([.. files.Select(f => f!).OrderBy(f => f.Name, System.StringComparer.Ordinal)]))
            .WithTrackingName(TemplatesStep);

        var views = context.SyntaxProvider
            .ForAttributeWithMetadataName(AttributeName,
                static (node, _) => node is TypeDeclarationSyntax,
                static (attribute, token) => Describe(attribute, token))
            .Where(static view => view is not null)
            .Select(static (view, _) => view!)
            .WithTrackingName(ViewsStep);

        context.RegisterSourceOutput(views.Combine(templates), static (output, pair) =>
        {
            var (view, set) = pair;
            var (source, diagnostics) = ViewEmitter.Emit(view, set);
            foreach (var diagnostic in diagnostics)
                output.ReportDiagnostic(diagnostic);
            if (source is not null)
                output.AddSource(HintName(view), source);
        });
    }

    private static ViewInfo? Describe(GeneratorAttributeSyntaxContext attribute, CancellationToken token)
    {
        if (attribute.TargetSymbol is not INamedTypeSymbol type)
            return null;
        var data = attribute.Attributes[0];
        if (data.ConstructorArguments.Length != 1 || data.ConstructorArguments[0].Value is not string template)
            return null;
        token.ThrowIfCancellationRequested();
        var syntax = (TypeDeclarationSyntax)attribute.TargetNode;
        var attributeSyntax = data.ApplicationSyntaxReference?.GetSyntax(token);
        var location = (attributeSyntax ?? syntax).GetLocation();
        var lines = location.GetLineSpan();

        string? problem = null;
        var containers = new List<string>();
        for (var outer = type.ContainingType; outer is not null; outer = outer.ContainingType)
            containers.Insert(0, "partial " + Keyword(outer) + " " + outer.Name);
        var containersPartial = type.ContainingType is null || syntax.Ancestors().OfType<TypeDeclarationSyntax>()
            .All(outer => outer.Modifiers.Any(m => m.Text == "partial"));
        if (!syntax.Modifiers.Any(m => m.Text == "partial") || !containersPartial || type.IsGenericType || type.ContainingType?.IsGenericType == true
            || type.IsStatic || type.IsAbstract)
        {
            problem = "not a non-generic partial class";
        }
        var ns = type.ContainingNamespace.IsGlobalNamespace ? "" : type.ContainingNamespace.ToDisplayString();
        var shapes = problem is null ? ShapeBuilder.Describe(type) : [];
        return new ViewInfo(ns, [.. containers], Keyword(type), type.Name, template.Trim(), problem,
            lines.Path, location.SourceSpan, lines.Span, shapes);
    }

    private static string Keyword(INamedTypeSymbol type) => (type.IsRecord, type.IsValueType) switch
    {
        (true, true) => "record struct",
        (true, false) => "record",
        (false, true) => "struct",
        _ => "class",
    };

    private static string HintName(ViewInfo view)
    {
        var name = string.Join(".", view.Containers.Select(c => c.Substring(c.LastIndexOf(' ') + 1)).Concat([view.TypeName]));
        return (view.Namespace.Length == 0 ? name : view.Namespace + "." + name) + ".Template.g.cs";
    }
}
