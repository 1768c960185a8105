namespace MicroWeb;

/// <summary>
/// Leaves an action, a whole controller or a mapped handler out of the OpenAPI document. The document's own
/// endpoint carries it.
/// </summary>
/// <example><c>app.MapGet("/internal/stats", [ExcludeFromDescription] () => …);</c></example>
[AttributeUsage(AttributeTargets.Method | AttributeTargets.Class, Inherited = true)]
public sealed class ExcludeFromDescriptionAttribute : Attribute
{
}
