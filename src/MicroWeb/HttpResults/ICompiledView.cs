using System.ComponentModel;
using MicroWeb.Templates;

namespace MicroWeb;

/// <summary>
/// A view whose template was compiled into it by the MicroWeb source generator (<see cref="TemplateAttribute"/>).
/// Return it from an action with <c>View(view)</c> or <see cref="Results.View(ICompiledView, int)"/>; the members are
/// implemented by generated code.
/// </summary>
public interface ICompiledView
{
    /// <summary>The template's name, e.g. <c>page.html</c>: the view's name for the runtime engine too.</summary>
    string TemplateName { get; }

    /// <summary>The template files compiled in: the template, then its partials and layouts in the order first included.</summary>
    [EditorBrowsable(EditorBrowsableState.Never)]
    IReadOnlyList<string> TemplateFiles { get; }

    /// <summary>A hash of the names and texts of <see cref="TemplateFiles"/>, to tell whether they changed on disk since the build.</summary>
    [EditorBrowsable(EditorBrowsableState.Never)]
    ulong TemplateHash { get; }

    /// <summary>Writes the page. Called by generated code and the view result.</summary>
    /// <param name="writer">The output.</param>
    [EditorBrowsable(EditorBrowsableState.Never)]
    void Render(CompiledViewWriter writer);

    /// <summary>Writes only block <paramref name="block"/> as it renders in the page; false when the template has no such block.</summary>
    /// <param name="block">The block's name.</param>
    /// <param name="writer">The output.</param>
    [EditorBrowsable(EditorBrowsableState.Never)]
    bool RenderFragment(string block, CompiledViewWriter writer);
}
