namespace MicroWeb;

/// <summary>
/// Applies the rate limiting policy <see cref="PolicyName"/> (registered with <c>AddRateLimiter</c>) to an action, a
/// controller's actions, or a <c>MapGet</c>/<c>MapPost</c> handler (an attribute on the lambda). Several may be given:
/// a request must get a permit from each, in order. Policies stack from the action outwards (an action's and its
/// controller's both apply) until a <see cref="DisableRateLimitingAttribute"/>.
/// </summary>
[AttributeUsage(AttributeTargets.Class | AttributeTargets.Method, AllowMultiple = true, Inherited = true)]
public sealed class EnableRateLimitingAttribute : Attribute
{
    /// <param name="policyName">The policy's name, as given to <see cref="RateLimiterOptions.AddPolicy(string, Func{HttpContext, System.Threading.RateLimiting.RateLimitPartition{string}})"/> or an <c>Add…Limiter</c> method.</param>
    public EnableRateLimitingAttribute(string policyName)
    {
        ArgumentException.ThrowIfNullOrEmpty(policyName);
        PolicyName = policyName;
    }

    /// <summary>The policy's name.</summary>
    public string PolicyName { get; }
}
