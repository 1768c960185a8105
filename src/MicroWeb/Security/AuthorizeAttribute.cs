namespace MicroWeb;

/// <summary>
/// Only signed-in users may call this action (or every action of this controller). Others get a 302 redirect to
/// <see cref="AuthenticationOptions.LoginPath"/><c>?returnUrl=</c>&lt;path and query&gt;, or a 401 when they asked
/// for JSON (Accept names <c>application/json</c> but not <c>text/html</c>). Needs <c>app.UseAuthentication()</c>.
/// </summary>
[AttributeUsage(AttributeTargets.Class | AttributeTargets.Method, Inherited = true, AllowMultiple = false)]
public sealed class AuthorizeAttribute : Attribute
{
}
