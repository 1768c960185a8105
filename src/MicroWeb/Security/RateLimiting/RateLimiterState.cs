using System.Globalization;
using System.Threading.RateLimiting;
using Microsoft.Extensions.Logging;

namespace MicroWeb.Security.RateLimiting;

/// <summary>
/// The app's rate limiter, a singleton made by <see cref="RateLimitingExtensions.AddRateLimiter"/>: the options, a
/// <see cref="PolicyLimiter"/> per policy (disposed with the container), and what a rejection does.
/// </summary>
internal sealed partial class RateLimiterState : IDisposable
{
    /// <summary>The log category of rejections.</summary>
    public const string LoggerCategory = "MicroWeb.RateLimiting";

    private readonly Dictionary<string, PolicyLimiter> _policies = new(StringComparer.Ordinal);
    private readonly ILogger _logger;

    public RateLimiterState(RateLimiterOptions options, ILogger logger)
    {
        Options = options;
        _logger = logger;
        foreach (var (name, policy) in options.Policies)
        {
            _policies.Add(name, new PolicyLimiter(policy));
        }
    }

    public RateLimiterOptions Options { get; }

    /// <summary>Set by <c>UseRateLimiter</c>: the global limiter has its place in the pipeline.</summary>
    public bool MiddlewareAdded { get; set; }

    public IEnumerable<string> PolicyNames => _policies.Keys;

    public bool TryGetPolicy(string name, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out PolicyLimiter? policy) => _policies.TryGetValue(name, out policy);

    /// <summary>
    /// Answers a request <paramref name="lease"/> was refused for: the rejection status, <c>Retry-After</c> when the
    /// limiter knows when a permit comes back, one log line, the server's rejection counter, then <c>OnRejected</c>.
    /// </summary>
    /// <param name="context">The request.</param>
    /// <param name="lease">The failed lease; disposed by the caller.</param>
    /// <param name="policy">The endpoint policy, or null for the global limiter.</param>
    public async Task RejectAsync(HttpContext context, RateLimitLease lease, RateLimitPolicy? policy)
    {
        // The server counts it (microweb.rate_limiting.rejections) when the request ends; "" is the global limiter.
        context.RateLimitRejection = policy?.Name ?? "";
        var response = context.Response;
        response.StatusCode = Options.RejectionStatusCode;
        if (lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter))
        {
            // RFC 9110, section 10.2.3: delay-seconds, a whole number; rounded up so a client that waits that long finds a permit.
            response.Headers["Retry-After"] = ((long)Math.Ceiling(retryAfter.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
        }

        if (_logger.IsEnabled(LogLevel.Information))
        {
            // The partition kind, not the key: a custom key may be a user name. The client address is logged anyway.
            LogRejected(_logger, policy?.Name ?? "(global)", policy?.PartitionKind ?? "global", context.Request.Method,
                context.RouteTemplate ?? context.Request.Path, RateLimitPartitionKeys.ClientAddress(context));
        }

        if (Options.OnRejected is { } onRejected)
        {
            await onRejected(new RateLimitRejectedContext(context, lease, policy?.Name), context.RequestAborted).ConfigureAwait(false);
        }
    }

    public void Dispose()
    {
        foreach (var policy in _policies.Values)
        {
            policy.Dispose();
        }
    }

    [LoggerMessage(EventId = 1, Level = LogLevel.Information,
        Message = "Rate limit policy {Policy} (partitioned by {PartitionKind}) rejected {Method} {Route} from {ClientAddress}")]
    private static partial void LogRejected(ILogger logger, string policy, string partitionKind, string method, string route, string clientAddress);
}
