namespace MicroWeb;

/// <summary>
/// Renders a named view (a template) with a model. Register one implementation as a singleton: view
/// results (<see cref="Results.View"/>, <c>Controller.View</c>) use the instance resolved when the app
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
}
