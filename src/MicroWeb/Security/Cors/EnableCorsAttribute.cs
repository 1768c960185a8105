namespace MicroWeb;

/// <summary>
/// Applies a CORS policy to this action (or every action of this controller), preflights included, instead of the one
/// <c>UseCors</c> applies. An action's attribute wins over its controller's. The policy must exist when the app starts.
/// </summary>
/// <param name="policyName">A policy added with <see cref="CorsOptions.AddPolicy"/>; null for the default policy.</param>
[AttributeUsage(AttributeTargets.Class | AttributeTargets.Method, Inherited = true, AllowMultiple = false)]
public sealed class EnableCorsAttribute(string? policyName = null) : Attribute
{
    /// <summary>The policy's name; null for the default policy.</summary>
    public string? PolicyName { get; } = policyName;
}
