namespace MicroWeb;

/// <summary>
/// Exempts an action (or a controller) from the rate limiting policies of its controller: on an action it beats an
/// <see cref="EnableRateLimitingAttribute"/> on the controller. It does not exempt the request from
/// <see cref="RateLimiterOptions.GlobalLimiter"/>, which runs in the pipeline before any route is matched.
/// </summary>
[AttributeUsage(AttributeTargets.Class | AttributeTargets.Method, AllowMultiple = false, Inherited = true)]
public sealed class DisableRateLimitingAttribute : Attribute;
