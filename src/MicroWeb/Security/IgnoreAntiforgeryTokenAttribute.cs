namespace MicroWeb;

/// <summary>
/// Unsafe requests to this action (or every action of this controller, or this <c>MapPost</c> handler) are not checked
/// for an antiforgery token: for endpoints that authenticate otherwise, such as a webhook verifying a signature or an
/// API taking a bearer token, and never for a form a signed-in browser posts.
/// </summary>
[AttributeUsage(AttributeTargets.Class | AttributeTargets.Method, Inherited = true, AllowMultiple = false)]
public sealed class IgnoreAntiforgeryTokenAttribute : Attribute
{
}
