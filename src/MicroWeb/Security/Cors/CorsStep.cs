using Microsoft.Extensions.DependencyInjection;
using MicroWeb.Routing;

namespace MicroWeb.Security.Cors;

/// <summary>
/// Enforces <see cref="EnableCorsAttribute"/> and <see cref="DisableCorsAttribute"/> endpoint metadata, for the endpoint's
/// own requests (<see cref="Wrap"/>) and for the preflights that ask about it (<see cref="Preflight"/>, which the router
/// consults before its automatic OPTIONS answer). The first of the two attributes in the metadata wins: the action's
/// come before its controller's. The endpoint's answer replaces whatever <c>UseCors</c> set.
/// </summary>
internal sealed class CorsStep(CorsOptions? options) : IEndpointStep, IPreflightStep
{
    public static CorsStep Create(IServiceProvider services) => new(services.GetService<CorsOptions>());

    public EndpointDelegate Wrap(IReadOnlyList<object> metadata, EndpointDelegate next)
    {
        switch (Find(metadata))
        {
            case EnableCorsAttribute enable:
                var policy = Resolve(enable);
                return (context, values) =>
                {
                    CorsHeaders.Clear(context.Response.Headers);
                    policy.ApplyActual(context);
                    return next(context, values);
                };
            case DisableCorsAttribute:
                return (context, values) =>
                {
                    CorsHeaders.Clear(context.Response.Headers);
                    return next(context, values);
                };
            default:
                return next;
        }
    }

    public EndpointDelegate? Preflight(IReadOnlyList<object> metadata)
    {
        switch (Find(metadata))
        {
            case EnableCorsAttribute enable:
                var policy = Resolve(enable);
                return (context, values) =>
                {
                    CorsHeaders.Clear(context.Response.Headers);
                    policy.ApplyPreflight(context);
                    // Fetch §3.2.3: any ok status will do; 204 says there is no body.
                    context.Response.StatusCode = 204;
                    return Task.CompletedTask;
                };
            case DisableCorsAttribute:
                return (context, values) =>
                {
                    CorsHeaders.Clear(context.Response.Headers);
                    context.Response.StatusCode = 204;
                    return Task.CompletedTask;
                };
            default:
                return null;
        }
    }

    private static Attribute? Find(IReadOnlyList<object> metadata)
    {
        foreach (var item in metadata)
        {
            if (item is EnableCorsAttribute or DisableCorsAttribute) return (Attribute)item;
        }
        return null;
    }

    private CorsPolicy Resolve(EnableCorsAttribute enable)
    {
        var name = enable.PolicyName is null ? "[EnableCors]" : $"[EnableCors(\"{enable.PolicyName}\")]";
        if (options is null)
            throw new InvalidOperationException($"{name} needs CORS policies: call builder.Services.AddCors(o => o.AddPolicy(...)).");
        return options.Resolve(enable.PolicyName, name);
    }
}
