using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;

namespace MicroWeb.Generators.Endpoints;

/// <summary>
/// Suppresses the trim (IL2026) and AOT (IL3050) warnings of the <c>Delegate</c> mapper calls that
/// <see cref="EndpointGenerator"/> intercepts: the analyzers see the call in the source, but the compiled call is the
/// interceptor's, which needs no reflection. It asks <see cref="EndpointReader"/> as the generator does, so a call that
/// is not intercepted (a <c>Delegate</c> variable, a generic method) keeps its warning.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
internal sealed class EndpointSuppressor : DiagnosticSuppressor
{
    internal static readonly SuppressionDescriptor Trimming = new(
        "MWSP0001", "IL2026", "The handler delegate is intercepted: MicroWeb's generated code binds and calls it without reflection (docs/aot.md, \"Handler delegates\").");

    internal static readonly SuppressionDescriptor Aot = new(
        "MWSP0002", "IL3050", "The handler delegate is intercepted: MicroWeb's generated code binds and calls it without compiled expressions (docs/aot.md, \"Handler delegates\").");

    /// <inheritdoc />
    public override ImmutableArray<SuppressionDescriptor> SupportedSuppressions { get; } = [Trimming, Aot];

    /// <inheritdoc />
    public override void ReportSuppressions(SuppressionAnalysisContext context)
    {
        foreach (var diagnostic in context.ReportedDiagnostics)
        {
            var descriptor = diagnostic.Id == Trimming.SuppressedDiagnosticId ? Trimming : diagnostic.Id == Aot.SuppressedDiagnosticId ? Aot : null;
            if (descriptor is null || diagnostic.Location.SourceTree is not { } tree)
            {
                continue;
            }

            var span = diagnostic.Location.SourceSpan;
            var invocation = tree.GetRoot(context.CancellationToken).FindNode(span, getInnermostNodeForTie: true).FirstAncestorOrSelf<InvocationExpressionSyntax>();
            // The warning must be the call's own (its span, or on the method's name): one inside the handler's body is not.
            if (invocation is not null && (invocation.Span == span || invocation.Expression.Span.Contains(span)) && EndpointReader.IsCandidate(invocation)
                && EndpointReader.Read(invocation, context.GetSemanticModel(tree), context.CancellationToken) is not null)
            {
                context.ReportSuppression(Suppression.Create(descriptor, diagnostic));
            }
        }
    }
}
