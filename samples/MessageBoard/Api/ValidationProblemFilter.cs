using MicroWeb;

namespace MessageBoard.Api;

/// <summary>
/// Answers 400 problem+json (<c>Results.ValidationProblem</c>), without calling the endpoint, when an endpoint's
/// ModelState argument holds errors (the DataAnnotations of its body or parameters), so API handlers only deal with
/// valid input.
/// </summary>
public sealed class ValidationProblemFilter : IEndpointFilter
{
    public ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        foreach (var argument in context.Arguments)
        {
            if (argument is ModelStateDictionary { IsValid: false } modelState)
            {
                return new ValueTask<object?>(Results.ValidationProblem(modelState));
            }
        }

        return next(context);
    }
}
