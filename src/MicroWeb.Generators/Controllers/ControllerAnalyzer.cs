using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace MicroWeb.Generators.Controllers;

/// <summary>
/// Reports the controller checks (MW1001–MW1005) as an analyzer, not from the generator: the compiler applies
/// <c>#pragma warning disable</c>, <c>.editorconfig</c> severities and <c>NoWarn</c> to an analyzer's diagnostics but
/// not to a generator's (dotnet/roslyn#52527), and a test that needs a wrong controller on purpose must be able to say so.
/// It reads each controller with the same <see cref="ControllerReader"/> the generator uses.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
internal sealed class ControllerAnalyzer : DiagnosticAnalyzer
{
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } =
    [
        ControllerDiagnostics.InvalidTemplate, ControllerDiagnostics.UnboundRouteParameter, ControllerDiagnostics.ConstraintTypeMismatch,
        ControllerDiagnostics.AmbiguousRoute, ControllerDiagnostics.UnsupportedParameter, ControllerDiagnostics.ReflectionModel,
    ];

    public override void Initialize(AnalysisContext context)
    {
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.EnableConcurrentExecution();
        context.RegisterCompilationStartAction(static start =>
        {
            if (start.Compilation.GetTypeByMetadataName("MicroWeb.GeneratedControllers") is null)
            {
                return;
            }

            var publishAot = start.Options.AnalyzerConfigOptionsProvider.GlobalOptions.TryGetValue("build_property.PublishAot", out var value)
                && string.Equals(value, "true", System.StringComparison.OrdinalIgnoreCase);
            start.RegisterSymbolAction(symbol =>
            {
                var type = (INamedTypeSymbol)symbol.Symbol;
                if (!ControllerReader.IsController(type))
                {
                    return;
                }

                foreach (var diagnostic in ControllerReader.Read(type).Diagnostics)
                {
                    symbol.ReportDiagnostic(diagnostic.ToDiagnostic(symbol.Compilation));
                }

                if (publishAot)
                {
                    foreach (var (parameter, action) in ControllerReader.ReflectionModels(type))
                    {
                        symbol.ReportDiagnostic(Diagnostic.Create(ControllerDiagnostics.ReflectionModel, parameter.Locations.FirstOrDefault(), parameter.Name, action, parameter.Type.ToDisplayString()));
                    }
                }
            }, SymbolKind.NamedType);
        });
    }
}
