using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;
using System.Threading;
using MicroWeb.Generators.Controllers;
using MicroWeb.Generators.Shared;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

namespace MicroWeb.Generators.Endpoints;

/// <summary>
/// Decides whether a call of a <c>Delegate</c> overload of <c>MapGet</c>/<c>MapPost</c>/<c>MapPut</c>/<c>MapDelete</c>/
/// <c>MapPatch</c>/<c>Map</c> can be intercepted, and reads it into an <see cref="EndpointModel"/>. The generator and the
/// suppressor both ask it, so exactly the calls that are intercepted lose their trim and AOT warnings.
/// </summary>
internal static class EndpointReader
{
    private static readonly SymbolDisplayFormat s_typeFormat = SymbolDisplayFormat.FullyQualifiedFormat
        .WithMiscellaneousOptions(SymbolDisplayMiscellaneousOptions.UseSpecialTypes | SymbolDisplayMiscellaneousOptions.EscapeKeywordIdentifiers);

    private static readonly Dictionary<string, string?> s_mappers = new(System.StringComparer.Ordinal)
    {
        ["MapGet"] = "GET",
        ["MapPost"] = "POST",
        ["MapPut"] = "PUT",
        ["MapDelete"] = "DELETE",
        ["MapPatch"] = "PATCH",
        ["Map"] = null,
    };

    /// <summary>A cheap syntactic filter: an invocation of a method named like a mapper.</summary>
    public static bool IsCandidate(SyntaxNode node) =>
        node is InvocationExpressionSyntax invocation
        && Name(invocation.Expression) is { } name
        && s_mappers.ContainsKey(name);

    /// <summary>The call as the generator emits it; null when it is not a <c>Delegate</c> mapper call or its handler cannot be analysed.</summary>
    public static EndpointModel? Read(InvocationExpressionSyntax invocation, SemanticModel model, CancellationToken cancellation)
    {
        if (model.GetOperation(invocation, cancellation) is not IInvocationOperation operation)
        {
            return null;
        }

        var mapper = operation.TargetMethod;
        if (!s_mappers.TryGetValue(mapper.Name, out var verb) || mapper.ContainingType?.ToDisplayString() != "MicroWeb.EndpointMappingExtensions"
            || !mapper.Parameters.Any(p => p.Name == "handler" && p.Type.ToDisplayString() == "System.Delegate"))
        {
            return null;
        }

        var argument = operation.Arguments.FirstOrDefault(a => a.Parameter?.Name == "handler")?.Value;
        while (argument is IConversionOperation conversion)
        {
            argument = conversion.Operand;
        }

        if (argument is not IDelegateCreationOperation { Type: INamedTypeSymbol delegateType } creation)
        {
            // A Delegate variable, a call returning one: what it is is known only at run time.
            return null;
        }

        var handler = creation.Target switch
        {
            IAnonymousFunctionOperation lambda => lambda.Symbol,
            IMethodReferenceOperation group => group.Method,
            _ => null,
        };
        if (handler is null || handler.IsGenericMethod || handler.ReturnType.TypeKind == TypeKind.Error || !ControllerReader.Emittable(handler)
            || handler.Parameters.Any(p => p.RefKind != RefKind.None || p.IsParams || p.Type.TypeKind == TypeKind.Error)
            || model.GetInterceptableLocation(invocation, cancellation) is not { } location)
        {
            return null;
        }

        string? delegateName = null;
        string? shape = null;
        if (delegateType.IsAnonymousType)
        {
            shape = Shape(handler);
            if (shape is null)
            {
                return null;
            }
        }
        else if (TypeRules.IsAccessible(delegateType))
        {
            delegateName = delegateType.ToDisplayString(s_typeFormat);
        }
        else
        {
            return null;
        }

        var accessors = new List<string>();
        var parameters = handler.Parameters.Select(p => ControllerReader.GeneratedParameter(p, accessors)).ToList();
        return new EndpointModel(
            location.Version,
            location.Data,
            location.GetDisplayLocation(),
            mapper.Name,
            verb,
            mapper.Parameters.Any(p => p.Name == "configure"),
            delegateName,
            shape,
            EquatableArray.From(handler.Parameters.Select(p => p.Type.ToDisplayString(s_typeFormat))),
            EquatableArray.From(parameters),
            EquatableArray.From(accessors.Distinct()),
            ControllerReader.Unwrap(handler.ReturnType),
            handler.ReturnsVoid);
    }

    private static string? Name(ExpressionSyntax expression) => expression switch
    {
        MemberAccessExpressionSyntax member => member.Name.Identifier.ValueText,
        SimpleNameSyntax simple => simple.Identifier.ValueText,
        _ => null,
    };

    /// <summary>
    /// A lambda whose natural type is the compiler-synthesized delegate type of <paramref name="handler"/> (which has a
    /// parameter default value): the compiler gives both the same type within the assembly, so the generated code can
    /// cast to a type it cannot name. Null when a default value cannot be written as a constant here.
    /// </summary>
    private static string? Shape(IMethodSymbol handler)
    {
        var shape = new StringBuilder("static ");
        if (!handler.ReturnsVoid)
        {
            shape.Append(handler.ReturnType.ToDisplayString(s_typeFormat)).Append(' ');
        }

        shape.Append('(');
        for (var i = 0; i < handler.Parameters.Length; i++)
        {
            var parameter = handler.Parameters[i];
            shape.Append(i == 0 ? "" : ", ").Append(parameter.Type.ToDisplayString(s_typeFormat)).Append(" a").Append(i);
            if (parameter.HasExplicitDefaultValue)
            {
                if (Literal(parameter.Type, parameter.ExplicitDefaultValue) is not { } literal)
                {
                    return null;
                }

                shape.Append(" = ").Append(literal);
            }
        }

        return shape.Append(handler.ReturnsVoid ? ") => { }" : ") => throw null!").ToString();
    }

    /// <summary>A parameter default value as a C# constant of <paramref name="type"/>.</summary>
    private static string? Literal(ITypeSymbol type, object? value)
    {
        // int? x = 5 is a constant of int converted implicitly; (int?)5 would not be a constant.
        var target = type is INamedTypeSymbol { OriginalDefinition.SpecialType: SpecialType.System_Nullable_T } nullable ? nullable.TypeArguments[0] : type;
        var name = target.ToDisplayString(s_typeFormat);
        return value switch
        {
            null => "default",
            string text => SymbolDisplay.FormatLiteral(text, quote: true),
            char character => SymbolDisplay.FormatLiteral(character, quote: true),
            bool flag => flag ? "true" : "false",
            decimal number => number.ToString(CultureInfo.InvariantCulture) + "m",
            double or float when !IsFinite(System.Convert.ToDouble(value, CultureInfo.InvariantCulture)) => null,
            double number => $"({name})" + number.ToString("R", CultureInfo.InvariantCulture) + "d",
            float number => $"({name})" + number.ToString("R", CultureInfo.InvariantCulture) + "f",
            System.IConvertible number => $"({name})(" + number.ToString(CultureInfo.InvariantCulture) + ")",
            _ => null,
        };
    }

    private static bool IsFinite(double value) => !double.IsNaN(value) && !double.IsInfinity(value);
}
