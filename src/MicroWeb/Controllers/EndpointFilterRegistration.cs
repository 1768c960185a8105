using System.Diagnostics.CodeAnalysis;

namespace MicroWeb.Controllers;

/// <summary>
/// One filter added with <c>AddEndpointFilter</c> or <see cref="EndpointFilterAttribute"/>: a delegate, or a type
/// implementing <see cref="IEndpointFilter"/> that <see cref="EndpointFilterPipeline"/> resolves when the table is built.
/// </summary>
internal sealed record EndpointFilterRegistration(Func<EndpointFilterInvocationContext, EndpointFilterDelegate, ValueTask<object?>>? Invoke, [DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicConstructors)][property: DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicConstructors)] Type? FilterType)
{
    public static EndpointFilterRegistration For(Func<EndpointFilterInvocationContext, EndpointFilterDelegate, ValueTask<object?>> filter) => new(filter, null);

    public static EndpointFilterRegistration For([DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicConstructors)] Type filterType) => new(null, filterType);
}
