namespace MicroWeb;

/// <summary>
/// Renders a named view (a template) with a model. Register one implementation as a singleton: view
/// results (<see cref="Results.View(string, object?, int)"/>, <c>Controller.View</c>) use the instance resolved when the app
/// starts, without a request scope. A renderer registered scoped or transient is resolved from the request
/// services for each view instead.
/// </summary>
/// <remarks>
/// The renderer knows nothing of HTTP: it writes text to the output writer, and the view result
/// sends that text as <c>text/html; charset=utf-8</c>. HTML-escaping of model values is the renderer's job.
/// </remarks>
public interface IViewRenderer
{
    /// <summary>Renders view <paramref name="name"/> with <paramref name="model"/> into <paramref name="output"/>.</summary>
    /// <param name="name">The view's name as the action gave it, e.g. <c>messages.html</c>.</param>
    /// <param name="model">The data the view shows, or <see langword="null"/>.</param>
    /// <param name="output">Where the rendered text goes.</param>
    /// <exception cref="InvalidOperationException">The view does not exist or cannot be rendered; the message names it.</exception>
    void Render(string name, object? model, TextWriter output);

    /// <summary>
    /// Renders only block <paramref name="block"/> of view <paramref name="name"/>: the block as it renders inside
    /// the page, with the page's <paramref name="model"/>, without what surrounds it (<see cref="ViewResult.Fragment"/>).
    /// Renderers without blocks need not implement it: the default throws <see cref="NotSupportedException"/>.
    /// </summary>
    /// <param name="name">The view's name, e.g. <c>board.html</c>.</param>
    /// <param name="block">The block's name.</param>
    /// <param name="model">The page's data, or <see langword="null"/>.</param>
    /// <param name="output">Where the rendered text goes.</param>
    /// <exception cref="NotSupportedException">The renderer does not render fragments.</exception>
    void RenderFragment(string name, string block, object? model, TextWriter output) =>
        throw new NotSupportedException($"{GetType().Name} does not render fragments: block '{block}' of view '{name}' cannot be rendered.");
}
