using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace MicroWeb.Generators.Endpoints;

/// <summary>
/// Generates interceptors for the assembly's <c>MapGet</c>/<c>MapPost</c>/<c>MapPut</c>/<c>MapDelete</c>/<c>MapPatch</c>/
/// <c>Map</c> calls with a lambda or method group (docs/aot.md, "Handler delegates"): each call is redirected to
/// <c>GeneratedEndpoints.Map</c> with the handler's parameter types and a typed invoker, so the endpoint is built
/// without reflection-emitted code and works in a Native AOT app. <see cref="EndpointSuppressor"/> removes the trim and
/// AOT warnings of exactly these calls; a handler it cannot analyse keeps the reflection path and its warning.
/// </summary>
[Generator(LanguageNames.CSharp)]
internal sealed class EndpointGenerator : IIncrementalGenerator
{
    /// <summary>The tracking name of the per-call step, for caching tests.</summary>
    internal const string EndpointsStep = "MicroWeb.Endpoints";

    /// <inheritdoc />
    public void Initialize(IncrementalGeneratorInitializationContext context)
    {
        var referencesMicroWeb = context.CompilationProvider
            .Select(static (compilation, _) => compilation.GetTypeByMetadataName("MicroWeb.GeneratedEndpoints") is not null);
        var endpoints = context.SyntaxProvider
            .CreateSyntaxProvider(
                static (node, _) => EndpointReader.IsCandidate(node),
                static (syntax, cancellation) => EndpointReader.Read((InvocationExpressionSyntax)syntax.Node, syntax.SemanticModel, cancellation))
            .Where(static model => model is not null)
            .Select(static (model, _) => model!)
            .WithTrackingName(EndpointsStep);

        context.RegisterSourceOutput(endpoints.Collect().Combine(referencesMicroWeb), static (output, input) =>
        {
            var (models, enabled) = input;
            if (enabled && models.Length > 0)
            {
                // Ordered by location, so the output does not depend on the order the files were analysed in.
                output.AddSource(EndpointEmitter.HintName, EndpointEmitter.Emit([.. models.OrderBy(m => m.DisplayLocation, System.StringComparer.Ordinal).ThenBy(m => m.Data, System.StringComparer.Ordinal)]));
            }
        });
    }
}
