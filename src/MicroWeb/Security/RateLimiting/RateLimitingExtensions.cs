using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using MicroWeb.Security.RateLimiting;

namespace MicroWeb;

/// <summary>Rate limiting on <c>System.Threading.RateLimiting</c>: registering the policies, and the global limiter's place in the pipeline.</summary>
public static class RateLimitingExtensions
{
    /// <summary>
    /// Registers rate limiting: the policies endpoints ask for with <see cref="EnableRateLimitingAttribute"/> (on actions,
    /// controllers, or <c>MapGet</c> lambdas), enforced when a route matches, after all middleware (so after forwarded
    /// headers and authentication); and optionally a <see cref="RateLimiterOptions.GlobalLimiter"/> for
    /// <see cref="UseRateLimiter"/>. An endpoint naming a policy not registered here fails the app's start.
    /// </summary>
    /// <exception cref="ArgumentException">A policy is invalid or added twice.</exception>
    /// <exception cref="InvalidOperationException">AddRateLimiter was already called on these services.</exception>
    public static IServiceCollection AddRateLimiter(this IServiceCollection services, Action<RateLimiterOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configure);
        foreach (var descriptor in services)
        {
            if (descriptor.ServiceType == typeof(RateLimiterState))
            {
                throw new InvalidOperationException("AddRateLimiter was already called; add every policy in one call.");
            }
        }

        var options = new RateLimiterOptions();
        configure(options);
        // A factory registration, so the container disposes the limiters (and their replenishing timer) with the app.
        services.AddSingleton(provider => new RateLimiterState(options,
            provider.GetService<ILoggerFactory>()?.CreateLogger(RateLimiterState.LoggerCategory) ?? NullLogger.Instance));
        return services;
    }

    /// <summary>
    /// Runs <see cref="RateLimiterOptions.GlobalLimiter"/> for every request reaching this point of the pipeline (put it
    /// after <c>UseForwardedHeaders</c>, so it sees the client's address, and after <c>UseAuthentication</c> to partition
    /// by user). Without a global limiter it adds nothing: endpoint policies do not need it.
    /// </summary>
    /// <exception cref="InvalidOperationException"><c>AddRateLimiter</c> was not called.</exception>
    public static IPipelineBuilder UseRateLimiter(this IPipelineBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var state = builder.ApplicationServices.GetService<RateLimiterState>()
            ?? throw new InvalidOperationException("UseRateLimiter needs the rate limiter's policies: call builder.Services.AddRateLimiter(options => ...) first.");
        state.MiddlewareAdded = true;
        if (state.Options.GlobalLimiter is not { } limiter) return builder;
        return builder.Use(next => new RateLimitingMiddleware(next, state, limiter).InvokeAsync);
    }
}
