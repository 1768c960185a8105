using Microsoft.Extensions.DependencyInjection;

namespace MicroWeb.Controllers;

/// <summary>
/// Composes an endpoint's filters around its call once, when the route table is built: each filter becomes one
/// <see cref="EndpointFilterDelegate"/> holding the next, so a request allocates no closure, only its
/// <see cref="EndpointFilterInvocationContext"/> and the arguments array.
/// </summary>
internal static class EndpointFilterPipeline
{
    /// <summary><paramref name="terminal"/> wrapped in <paramref name="filters"/>, the first listed outermost.</summary>
    /// <exception cref="InvalidOperationException">A filter type is not an <see cref="IEndpointFilter"/> or cannot be created; the message names the endpoint.</exception>
    public static EndpointFilterDelegate Build(IReadOnlyList<EndpointFilterRegistration> filters, EndpointFilterDelegate terminal, IServiceProvider services, string displayName)
    {
        var next = terminal;
        for (var i = filters.Count - 1; i >= 0; i--)
        {
            next = Wrap(filters[i], next, services, displayName);
        }

        return next;
    }

    private static EndpointFilterDelegate Wrap(EndpointFilterRegistration filter, EndpointFilterDelegate next, IServiceProvider services, string displayName)
    {
        if (filter.Invoke is { } invoke)
        {
            return context => invoke(context, next);
        }

        var type = filter.FilterType!;
        if (!type.IsClass || type.IsAbstract || !typeof(IEndpointFilter).IsAssignableFrom(type))
        {
            throw new InvalidOperationException($"{displayName}: endpoint filter {type} must be a non-abstract class implementing IEndpointFilter.");
        }

        if (services.GetService<IServiceProviderIsService>()?.IsService(type) == true)
        {
            // Registered: asked of the request's scope, so a scoped filter gets the request's services.
            return context => ((IEndpointFilter)context.HttpContext.RequestServices.GetRequiredService(type)).InvokeAsync(context, next);
        }

        IEndpointFilter instance;
        try
        {
            instance = (IEndpointFilter)ActivatorUtilities.CreateInstance(services, type);
        }
        catch (InvalidOperationException e)
        {
            throw new InvalidOperationException($"{displayName}: endpoint filter {type} cannot be created ({e.Message}); register it, or its dependencies, in builder.Services.", e);
        }

        return context => instance.InvokeAsync(context, next);
    }
}
