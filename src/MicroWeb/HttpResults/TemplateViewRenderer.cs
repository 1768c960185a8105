using MicroWeb.Templates;

namespace MicroWeb.HttpResults;

/// <summary>The default <see cref="IViewRenderer"/>: views are templates from the <see cref="TemplateEngine"/> (strict about missing partials and layouts).</summary>
internal sealed class TemplateViewRenderer(TemplateEngine engine) : IViewRenderer
{
    public void Render(string name, object? model, TextWriter output) => engine.Render(name, model, output);

    public void RenderFragment(string name, string block, object? model, TextWriter output) =>
        engine.RenderFragment(name, block, model, output);

    /// <summary>Whether a compiled view's templates are still those on disk (always, unless the engine reloads on change).</summary>
    public bool IsCurrent(ICompiledView view) => engine.IsCurrent(view.GetType(), view.TemplateFiles, view.TemplateHash);
}
