using Microsoft.Extensions.DependencyInjection;
using MicroWeb.Routing;

namespace MicroWeb.Security.RateLimiting;

/// <summary>
/// Enforces <see cref="EnableRateLimitingAttribute"/> endpoint metadata: a request gets a permit from each of the
/// endpoint's policies before the endpoint runs (before its body is bound or its controller created) and keeps them
/// until it has finished, also when it throws. Endpoints without a policy are not wrapped and pay nothing.
/// </summary>
internal sealed class RateLimitingStep : IEndpointStep
{
    private readonly RateLimiterState? _state;

    private RateLimitingStep(RateLimiterState? state) => _state = state;

    /// <summary>The step for an app's services: its <see cref="RateLimiterState"/>, when <c>AddRateLimiter</c> registered one.</summary>
    /// <exception cref="InvalidOperationException">A global limiter is configured but <c>UseRateLimiter</c> never placed it in the pipeline.</exception>
    public static RateLimitingStep For(IServiceProvider services)
    {
        var state = services.GetService<RateLimiterState>();
        if (state is { Options.GlobalLimiter: not null, MiddlewareAdded: false })
        {
            throw new InvalidOperationException("RateLimiterOptions.GlobalLimiter is set, but app.UseRateLimiter() was not called, so it would limit nothing: add app.UseRateLimiter() to the pipeline, after UseForwardedHeaders and UseAuthentication.");
        }

        return new RateLimitingStep(state);
    }

    /// <exception cref="InvalidOperationException">The metadata names a policy that is not registered.</exception>
    public EndpointDelegate Wrap(IReadOnlyList<object> metadata, EndpointDelegate next)
    {
        List<PolicyLimiter>? policies = null;
        // The action's attributes come before its controller's: policies stack outwards until a [DisableRateLimiting].
        foreach (var item in metadata)
        {
            if (item is DisableRateLimitingAttribute) break;
            if (item is not EnableRateLimitingAttribute enable) continue;
            var policy = Find(enable.PolicyName);
            policies ??= [];
            if (!policies.Contains(policy)) policies.Add(policy);
        }

        if (policies is null) return next;
        var state = _state!;
        // The first policy listed is asked first: wrap from the last one outwards.
        for (var i = policies.Count - 1; i >= 0; i--)
        {
            var policy = policies[i];
            var inner = next;
            next = (context, values) => InvokeAsync(state, policy, inner, context, values);
        }

        return next;
    }

    private PolicyLimiter Find(string name)
    {
        if (_state is null)
        {
            throw new InvalidOperationException($"An endpoint asks for the rate limiting policy '{name}', but no rate limiter is registered: call builder.Services.AddRateLimiter(options => ...) and add the policy there.");
        }

        if (!_state.TryGetPolicy(name, out var policy))
        {
            var known = string.Join(", ", _state.PolicyNames);
            throw new InvalidOperationException($"An endpoint asks for the rate limiting policy '{name}', which AddRateLimiter does not register (registered: {(known.Length == 0 ? "none" : known)}).");
        }

        return policy;
    }

    private static async Task InvokeAsync(RateLimiterState state, PolicyLimiter policy, EndpointDelegate next, HttpContext context, RouteValues values)
    {
        using var lease = await policy.AcquireAsync(context).ConfigureAwait(false);
        if (!lease.IsAcquired)
        {
            await state.RejectAsync(context, lease, policy.Policy).ConfigureAwait(false);
            return;
        }

        await next(context, values).ConfigureAwait(false);
    }
}
