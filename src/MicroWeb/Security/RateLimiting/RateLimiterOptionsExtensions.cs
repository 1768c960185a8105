using System.Threading.RateLimiting;
using MicroWeb.Security.RateLimiting;

namespace MicroWeb;

/// <summary>
/// Named policies over the four limiters of <c>System.Threading.RateLimiting</c>, one limiter per partition
/// (<see cref="RateLimitPartitionBy"/>). The options are read and checked once, when the policy is added.
/// </summary>
/// <remarks>
/// Partitions are replenished by their <see cref="PartitionedRateLimiter"/> (every 100 ms), not by a timer each, and a
/// partition idle for a while (its window over, its permits all back) is dropped, so a key seen once costs memory only
/// for about a window.
/// </remarks>
public static class RateLimiterOptionsExtensions
{
    /// <summary>
    /// Adds a policy allowing <see cref="FixedWindowRateLimiterOptions.PermitLimit"/> requests per
    /// <see cref="FixedWindowRateLimiterOptions.Window"/> in each partition; the count starts again with each window.
    /// </summary>
    /// <exception cref="ArgumentException">The name is empty or taken, or an option is invalid (<c>PermitLimit</c> is 0 unless set).</exception>
    public static RateLimiterOptions AddFixedWindowLimiter(this RateLimiterOptions options, string policyName, Action<FixedWindowRateLimiterOptions> configure, RateLimitPartitionBy partitionBy = RateLimitPartitionBy.Shared)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(configure);
        var configured = new FixedWindowRateLimiterOptions();
        configure(configured);
        var settings = new FixedWindowRateLimiterOptions
        {
            PermitLimit = configured.PermitLimit,
            Window = configured.Window,
            QueueLimit = configured.QueueLimit,
            QueueProcessingOrder = configured.QueueProcessingOrder,
            AutoReplenishment = false,
        };
        return options.Add(Policy(policyName, partitionBy, _ => new FixedWindowRateLimiter(settings)));
    }

    /// <summary>
    /// Adds a policy allowing <see cref="SlidingWindowRateLimiterOptions.PermitLimit"/> requests per
    /// <see cref="SlidingWindowRateLimiterOptions.Window"/> in each partition, the window sliding by one of its
    /// <see cref="SlidingWindowRateLimiterOptions.SegmentsPerWindow"/> segments at a time.
    /// </summary>
    /// <exception cref="ArgumentException">The name is empty or taken, or an option is invalid.</exception>
    public static RateLimiterOptions AddSlidingWindowLimiter(this RateLimiterOptions options, string policyName, Action<SlidingWindowRateLimiterOptions> configure, RateLimitPartitionBy partitionBy = RateLimitPartitionBy.Shared)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(configure);
        var configured = new SlidingWindowRateLimiterOptions();
        configure(configured);
        var settings = new SlidingWindowRateLimiterOptions
        {
            PermitLimit = configured.PermitLimit,
            Window = configured.Window,
            SegmentsPerWindow = configured.SegmentsPerWindow,
            QueueLimit = configured.QueueLimit,
            QueueProcessingOrder = configured.QueueProcessingOrder,
            AutoReplenishment = false,
        };
        return options.Add(Policy(policyName, partitionBy, _ => new SlidingWindowRateLimiter(settings)));
    }

    /// <summary>
    /// Adds a policy where each partition holds up to <see cref="TokenBucketRateLimiterOptions.TokenLimit"/> tokens, a
    /// request takes one, and <see cref="TokenBucketRateLimiterOptions.TokensPerPeriod"/> come back every
    /// <see cref="TokenBucketRateLimiterOptions.ReplenishmentPeriod"/>: bursts up to the limit, a steady rate after.
    /// </summary>
    /// <exception cref="ArgumentException">The name is empty or taken, or an option is invalid.</exception>
    public static RateLimiterOptions AddTokenBucketLimiter(this RateLimiterOptions options, string policyName, Action<TokenBucketRateLimiterOptions> configure, RateLimitPartitionBy partitionBy = RateLimitPartitionBy.Shared)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(configure);
        var configured = new TokenBucketRateLimiterOptions();
        configure(configured);
        var settings = new TokenBucketRateLimiterOptions
        {
            TokenLimit = configured.TokenLimit,
            TokensPerPeriod = configured.TokensPerPeriod,
            ReplenishmentPeriod = configured.ReplenishmentPeriod,
            QueueLimit = configured.QueueLimit,
            QueueProcessingOrder = configured.QueueProcessingOrder,
            AutoReplenishment = false,
        };
        return options.Add(Policy(policyName, partitionBy, _ => new TokenBucketRateLimiter(settings)));
    }

    /// <summary>
    /// Adds a policy allowing <see cref="ConcurrencyLimiterOptions.PermitLimit"/> requests at a time in each partition;
    /// a permit is held until the endpoint has finished (also when it throws).
    /// </summary>
    /// <exception cref="ArgumentException">The name is empty or taken, or an option is invalid.</exception>
    public static RateLimiterOptions AddConcurrencyLimiter(this RateLimiterOptions options, string policyName, Action<ConcurrencyLimiterOptions> configure, RateLimitPartitionBy partitionBy = RateLimitPartitionBy.Shared)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(configure);
        var configured = new ConcurrencyLimiterOptions();
        configure(configured);
        var settings = new ConcurrencyLimiterOptions
        {
            PermitLimit = configured.PermitLimit,
            QueueLimit = configured.QueueLimit,
            QueueProcessingOrder = configured.QueueProcessingOrder,
        };
        return options.Add(Policy(policyName, partitionBy, _ => new ConcurrencyLimiter(settings)));
    }

    private static RateLimitPolicy Policy(string policyName, RateLimitPartitionBy partitionBy, Func<string, RateLimiter> create)
    {
        // The limiters validate their options in their constructors: fail here, at startup, rather than at the first request.
        create("").Dispose();
        Func<HttpContext, string> key = partitionBy switch
        {
            RateLimitPartitionBy.Shared => static _ => "",
            RateLimitPartitionBy.ClientAddress => RateLimitPartitionKeys.ClientAddress,
            RateLimitPartitionBy.User => RateLimitPartitionKeys.User,
            _ => throw new ArgumentOutOfRangeException(nameof(partitionBy), partitionBy, "Not a RateLimitPartitionBy value."),
        };
        var kind = partitionBy switch
        {
            RateLimitPartitionBy.ClientAddress => "client address",
            RateLimitPartitionBy.User => "user",
            _ => "shared",
        };
        // One partitioner and one factory per policy, made here: a request allocates only its partition's key.
        return new RateLimitPolicy(policyName, kind, (context, _) => new ValueTask<RateLimitPartition<string>>(new RateLimitPartition<string>(key(context), create)));
    }
}
