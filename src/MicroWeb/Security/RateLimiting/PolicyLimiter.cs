using System.Threading.RateLimiting;

namespace MicroWeb.Security.RateLimiting;

/// <summary>
/// A policy with its limiters: one <see cref="PartitionedRateLimiter{TResource}"/> over the partitions the policy's
/// partitioner returns, so the runtime keeps a limiter per key, replenishes them and drops the idle ones.
/// </summary>
internal sealed class PolicyLimiter(RateLimitPolicy policy) : IDisposable
{
    // The partition is the resource: the key and the factory for a new key's limiter both come with it.
    private readonly PartitionedRateLimiter<RateLimitPartition<string>> _limiter = PartitionedRateLimiter.Create<RateLimitPartition<string>, string>(static partition => partition);

    public RateLimitPolicy Policy { get; } = policy;

    /// <summary>A permit for the request's partition; waits in the partition's queue when the policy has one.</summary>
    /// <exception cref="OperationCanceledException">The client went away while the request waited.</exception>
    public async ValueTask<RateLimitLease> AcquireAsync(HttpContext context)
    {
        var aborted = context.RequestAborted;
        var partition = await Policy.Partitioner(context, aborted).ConfigureAwait(false);
        return await _limiter.AcquireAsync(partition, 1, aborted).ConfigureAwait(false);
    }

    public void Dispose() => _limiter.Dispose();
}
