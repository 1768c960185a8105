using System.Threading.RateLimiting;

namespace MicroWeb;

/// <summary>What <see cref="RateLimiterOptions.OnRejected"/> is told about a rejected request.</summary>
public sealed class RateLimitRejectedContext
{
    internal RateLimitRejectedContext(HttpContext httpContext, RateLimitLease lease, string? policyName)
    {
        HttpContext = httpContext;
        Lease = lease;
        PolicyName = policyName;
    }

    /// <summary>The request; its status is already <see cref="RateLimiterOptions.RejectionStatusCode"/> and <c>Retry-After</c> is set when the limiter knows it.</summary>
    public HttpContext HttpContext { get; }

    /// <summary>The failed lease, with the limiter's metadata (<see cref="MetadataName.RetryAfter"/>, <see cref="MetadataName.ReasonPhrase"/>).</summary>
    public RateLimitLease Lease { get; }

    /// <summary>The policy that rejected the request, or null for <see cref="RateLimiterOptions.GlobalLimiter"/>.</summary>
    public string? PolicyName { get; }
}
