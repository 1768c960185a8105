using System.Diagnostics.CodeAnalysis;

namespace MicroWeb;

/// <summary>
/// Runs the <see cref="IEndpointFilter"/> <see cref="FilterType"/> around an action, every action of a controller, or a
/// <c>MapGet</c> handler (an attribute on the lambda). Several may be given; a controller's run around its actions',
/// and both run inside the filters of the groups the endpoint is mapped in.
/// </summary>
[AttributeUsage(AttributeTargets.Class | AttributeTargets.Method, AllowMultiple = true, Inherited = true)]
public sealed class EndpointFilterAttribute : Attribute
{
    /// <param name="filterType">
    /// A class implementing <see cref="IEndpointFilter"/>; resolved from DI when registered there, otherwise created once
    /// with its constructor injected. Any other type fails the app's start, naming the endpoint.
    /// </param>
    public EndpointFilterAttribute([DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicConstructors)] Type filterType)
    {
        ArgumentNullException.ThrowIfNull(filterType);
        FilterType = filterType;
    }

    /// <summary>The filter's type.</summary>
    [DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicConstructors)]
    public Type FilterType { get; }
}
