namespace MicroWeb;

/// <summary>
/// No CORS headers for this action (or every action of this controller), whatever <c>UseCors</c> applies: other origins'
/// pages cannot read its responses, and its preflights are answered 204 without permission. An action's
/// <see cref="EnableCorsAttribute"/> wins over its controller's <c>[DisableCors]</c>, and the other way round.
/// </summary>
[AttributeUsage(AttributeTargets.Class | AttributeTargets.Method, Inherited = true, AllowMultiple = false)]
public sealed class DisableCorsAttribute : Attribute
{
}
