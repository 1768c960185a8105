namespace MicroWeb;

/// <summary>
/// Compiles template <see cref="Name"/> (a file under <c>templates/</c>) into this partial class at build time: the
/// MicroWeb source generator implements <c>ICompiledView</c> with the template, its partials and layouts as
/// C# over the class's properties, so <c>View(new PageView { … })</c> renders without reflection. Unknown names,
/// missing partials and layouts are build errors (MW2001…, docs/aot.md).
/// </summary>
/// <example>
/// <code>
/// [Template("page.html")]
/// public partial class PageView
/// {
///     public required string Title { get; init; }
///     public required IReadOnlyList&lt;Item&gt; Items { get; init; }
/// }
/// </code>
/// </example>
/// <param name="name">The template's file name relative to the template folder, e.g. <c>page.html</c>.</param>
[AttributeUsage(AttributeTargets.Class | AttributeTargets.Struct, AllowMultiple = false, Inherited = false)]
public sealed class TemplateAttribute(string name) : Attribute
{
    /// <summary>The template's file name relative to the template folder.</summary>
    public string Name { get; } = name;
}
