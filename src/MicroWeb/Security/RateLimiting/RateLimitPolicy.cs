using System.Threading.RateLimiting;

namespace MicroWeb.Security.RateLimiting;

/// <summary>
/// A named policy: how a request finds its partition, and what kind of partition that is (for the log line, which
/// names the kind rather than the key, since a key such as a user name is personal data).
/// </summary>
internal sealed class RateLimitPolicy
{
    public RateLimitPolicy(string name, string partitionKind, Func<HttpContext, CancellationToken, ValueTask<RateLimitPartition<string>>> partitioner)
    {
        ArgumentException.ThrowIfNullOrEmpty(name, "policyName");
        Name = name;
        PartitionKind = partitionKind;
        Partitioner = partitioner;
    }

    public string Name { get; }

    /// <summary><c>shared</c>, <c>client address</c>, <c>user</c> or <c>custom</c>.</summary>
    public string PartitionKind { get; }

    public Func<HttpContext, CancellationToken, ValueTask<RateLimitPartition<string>>> Partitioner { get; }
}
