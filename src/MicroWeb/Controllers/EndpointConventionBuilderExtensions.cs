using System.Diagnostics.CodeAnalysis;
using MicroWeb.Controllers;

namespace MicroWeb;

/// <summary>
/// Metadata and filters for a route group or one endpoint. Metadata is what an attribute on the action would be:
/// <see cref="RequireAuthorization{TBuilder}"/> adds an <see cref="AuthorizeAttribute"/>, and the router's steps read
/// it from the endpoint's metadata as they read the attribute. An endpoint's own attributes come first, then its
/// builder's, then its groups' from the innermost out, so an action's <c>[EnableCors("x")]</c> beats a group's
/// <c>RequireCors("y")</c>.
/// </summary>
public static class EndpointConventionBuilderExtensions
{
    /// <summary>Adds <paramref name="items"/> to the metadata of the endpoints (any object: attributes, markers read by other code).</summary>
    /// <exception cref="InvalidOperationException">The app has started.</exception>
    public static TBuilder WithMetadata<TBuilder>(this TBuilder builder, params object[] items)
        where TBuilder : IEndpointConventionBuilder
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(items);
        foreach (var item in items)
        {
            ArgumentNullException.ThrowIfNull(item, nameof(items));
            builder.Conventions.AddMetadata(item);
        }

        return builder;
    }

    /// <summary>Only signed-in users reach the endpoints: the same as <see cref="AuthorizeAttribute"/> on each (302 to the login page, 401 for JSON clients).</summary>
    /// <exception cref="InvalidOperationException">The app has started.</exception>
    public static TBuilder RequireAuthorization<TBuilder>(this TBuilder builder)
        where TBuilder : IEndpointConventionBuilder => builder.WithMetadata(new AuthorizeAttribute());

    /// <summary>Applies the CORS policy <paramref name="policyName"/> (or the default policy) to the endpoints: the same as <see cref="EnableCorsAttribute"/>.</summary>
    /// <exception cref="InvalidOperationException">The app has started.</exception>
    public static TBuilder RequireCors<TBuilder>(this TBuilder builder, string? policyName = null)
        where TBuilder : IEndpointConventionBuilder => builder.WithMetadata(new EnableCorsAttribute(policyName));

    /// <summary>Applies the rate limiting policy <paramref name="policyName"/> to the endpoints: the same as <see cref="EnableRateLimitingAttribute"/>.</summary>
    /// <exception cref="InvalidOperationException">The app has started.</exception>
    public static TBuilder RequireRateLimiting<TBuilder>(this TBuilder builder, string policyName)
        where TBuilder : IEndpointConventionBuilder => builder.WithMetadata(new EnableRateLimitingAttribute(policyName));

    /// <summary>
    /// Runs <paramref name="filter"/> around the endpoints' handlers and actions, after binding: it may answer instead
    /// (return a value without calling <c>next</c>), change <see cref="EndpointFilterInvocationContext.Arguments"/>, or
    /// replace the result. Filters run in the order added, a group's around those inside it.
    /// </summary>
    /// <exception cref="InvalidOperationException">The app has started.</exception>
    public static TBuilder AddEndpointFilter<TBuilder>(this TBuilder builder, Func<EndpointFilterInvocationContext, EndpointFilterDelegate, ValueTask<object?>> filter)
        where TBuilder : IEndpointConventionBuilder
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(filter);
        builder.Conventions.AddFilter(EndpointFilterRegistration.For(filter));
        return builder;
    }

    /// <summary>
    /// Runs the <see cref="IEndpointFilter"/> <typeparamref name="TFilter"/> around the group's endpoints: resolved from
    /// the request's services when registered in DI, otherwise created once at startup with its constructor injected.
    /// </summary>
    /// <exception cref="InvalidOperationException">The app has started.</exception>
    public static RouteGroupBuilder AddEndpointFilter<[DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicConstructors)] TFilter>(this RouteGroupBuilder builder)
        where TFilter : class, IEndpointFilter => AddFilterType(builder, typeof(TFilter));

    /// <summary>Runs the <see cref="IEndpointFilter"/> <typeparamref name="TFilter"/> around the endpoint (see the group overload for how it is created).</summary>
    /// <exception cref="InvalidOperationException">The app has started.</exception>
    public static RouteHandlerBuilder AddEndpointFilter<[DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicConstructors)] TFilter>(this RouteHandlerBuilder builder)
        where TFilter : class, IEndpointFilter => AddFilterType(builder, typeof(TFilter));

    private static TBuilder AddFilterType<TBuilder>(TBuilder builder, [DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicConstructors)] Type filterType)
        where TBuilder : IEndpointConventionBuilder
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Conventions.AddFilter(EndpointFilterRegistration.For(filterType));
        return builder;
    }
}
