using System.Threading.RateLimiting;

namespace MicroWeb.Security.RateLimiting;

/// <summary>
/// <see cref="RateLimiterOptions.GlobalLimiter"/> where <c>UseRateLimiter</c> sits in the pipeline: every request holds
/// a permit from it until the rest of the pipeline has finished.
/// </summary>
internal sealed class RateLimitingMiddleware(RequestDelegate next, RateLimiterState state, PartitionedRateLimiter<HttpContext> limiter)
{
    /// <exception cref="OperationCanceledException">The client went away while the request waited in the limiter's queue.</exception>
    public async Task InvokeAsync(HttpContext context)
    {
        using var lease = await limiter.AcquireAsync(context, 1, context.RequestAborted).ConfigureAwait(false);
        if (!lease.IsAcquired)
        {
            await state.RejectAsync(context, lease, null).ConfigureAwait(false);
            return;
        }

        await next(context).ConfigureAwait(false);
    }
}
