using System.Threading.RateLimiting;
using MicroWeb.Security.RateLimiting;

namespace MicroWeb;

/// <summary>
/// Rate limiting, given to <see cref="RateLimitingExtensions.AddRateLimiter"/>: named policies that endpoints ask for with
/// <see cref="EnableRateLimitingAttribute"/>, an optional <see cref="GlobalLimiter"/> for every request, and what a
/// rejected request gets. The limiters are <c>System.Threading.RateLimiting</c>'s; see docs/security.md.
/// </summary>
public sealed class RateLimiterOptions
{
    private int _rejectionStatusCode = 429;

    /// <summary>The status of a rejected request: 429 Too Many Requests (RFC 6585, section 4) unless changed; 400 to 599.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is outside 400 to 599.</exception>
    public int RejectionStatusCode
    {
        get => _rejectionStatusCode;
        set
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(value, 400);
            ArgumentOutOfRangeException.ThrowIfGreaterThan(value, 599);
            _rejectionStatusCode = value;
        }
    }

    /// <summary>
    /// Runs for a rejected request after its status and <c>Retry-After</c> are set, to write a body or log more;
    /// without it the response has no body (so <c>UseStatusCodePages</c>, when the app has it, renders one).
    /// </summary>
    public Func<RateLimitRejectedContext, CancellationToken, ValueTask>? OnRejected { get; set; }

    /// <summary>
    /// A limiter every request passes through where <see cref="RateLimitingExtensions.UseRateLimiter"/> sits in the pipeline,
    /// before and in addition to any endpoint policy; null (the default) for none.
    /// </summary>
    public PartitionedRateLimiter<HttpContext>? GlobalLimiter { get; set; }

    internal Dictionary<string, RateLimitPolicy> Policies { get; } = new(StringComparer.Ordinal);

    /// <summary>
    /// Adds the policy <paramref name="policyName"/>: <paramref name="partitioner"/> picks each request's partition
    /// (its key and the limiter to create for a new key), e.g. <c>RateLimitPartition.GetFixedWindowLimiter(key, _ => options)</c>.
    /// </summary>
    /// <exception cref="ArgumentException">The name is empty or already taken.</exception>
    public RateLimiterOptions AddPolicy(string policyName, Func<HttpContext, RateLimitPartition<string>> partitioner)
    {
        ArgumentNullException.ThrowIfNull(partitioner);
        return Add(new RateLimitPolicy(policyName, "custom", (context, _) => new ValueTask<RateLimitPartition<string>>(partitioner(context))));
    }

    /// <summary>
    /// Adds the policy <paramref name="policyName"/> whose <paramref name="partitioner"/> may await, e.g. to key by a
    /// posted form field (<c>await context.Request.ReadFormAsync(cancellationToken)</c>; the form is read once and
    /// the action binds from the same copy). The token is the request's <see cref="HttpContext.RequestAborted"/>.
    /// </summary>
    /// <exception cref="ArgumentException">The name is empty or already taken.</exception>
    public RateLimiterOptions AddPolicy(string policyName, Func<HttpContext, CancellationToken, ValueTask<RateLimitPartition<string>>> partitioner)
    {
        ArgumentNullException.ThrowIfNull(partitioner);
        return Add(new RateLimitPolicy(policyName, "custom", partitioner));
    }

    internal RateLimiterOptions Add(RateLimitPolicy policy)
    {
        if (!Policies.TryAdd(policy.Name, policy))
        {
            throw new ArgumentException($"There is already a rate limiting policy named '{policy.Name}'.", nameof(policy));
        }

        return this;
    }
}
