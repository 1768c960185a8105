using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace MicroWeb.Generators.Controllers;

/// <summary>
/// Generates the controller table of an assembly that references MicroWeb (docs/aot.md, "Generated controllers"):
/// for each controller, the constructor call and a typed invoker per action, registered by a module initializer. The
/// startup errors of its routes (MW1001–MW1005) are reported by <see cref="ControllerAnalyzer"/>, from the same reading.
/// </summary>
[Generator(LanguageNames.CSharp)]
internal sealed class ControllerGenerator : IIncrementalGenerator
{
    /// <summary>The tracking name of the per-controller step, for caching tests.</summary>
    internal const string ControllersStep = "MicroWeb.Controllers";

    /// <inheritdoc />
    public void Initialize(IncrementalGeneratorInitializationContext context)
    {
        var referencesMicroWeb = context.CompilationProvider
            .Select(static (compilation, _) => compilation.GetTypeByMetadataName("MicroWeb.GeneratedControllers") is not null);
        var controllers = context.SyntaxProvider
            .CreateSyntaxProvider(
                static (node, _) => node is ClassDeclarationSyntax declaration
                    && (declaration.Identifier.ValueText.EndsWith("Controller", System.StringComparison.Ordinal) || declaration.AttributeLists.Count > 0 || declaration.BaseList is not null),
                static (syntax, cancellation) =>
                {
                    if (syntax.SemanticModel.GetDeclaredSymbol(syntax.Node, cancellation) is not INamedTypeSymbol type || !ControllerReader.IsController(type)
                        || !ReferenceEquals(type.DeclaringSyntaxReferences[0].GetSyntax(cancellation), syntax.Node))
                    {
                        // Not a controller, or a second part of a partial class: the first part speaks for it.
                        return null;
                    }

                    return ControllerReader.Read(type);
                })
            .Where(static model => model is not null)
            .Select(static (model, _) => model!)
            .WithTrackingName(ControllersStep);

        context.RegisterSourceOutput(controllers.Collect().Combine(referencesMicroWeb), static (output, input) =>
        {
            var (models, enabled) = input;
            if (enabled && models.Length > 0)
            {
                output.AddSource(ControllerEmitter.HintName, ControllerEmitter.Emit([.. models.OrderBy(m => m.TypeName, System.StringComparer.Ordinal)]));
            }
        });
    }
}
