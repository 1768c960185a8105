namespace MicroWeb;

/// <summary>What a policy made with an <c>Add…Limiter</c> method keeps a separate limiter for.</summary>
public enum RateLimitPartitionBy
{
    /// <summary>One limiter for the policy, shared by every request to every endpoint that uses it.</summary>
    Shared,

    /// <summary>One limiter per client address (<see cref="RateLimitPartitionKeys.ClientAddress"/>).</summary>
    ClientAddress,

    /// <summary>One limiter per signed-in user; anonymous requests per client address (<see cref="RateLimitPartitionKeys.User"/>).</summary>
    User,
}
