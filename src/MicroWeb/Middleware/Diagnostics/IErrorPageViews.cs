namespace MicroWeb.Middleware.Diagnostics;

/// <summary>
/// The app's views as error pages need them. Middleware may not use the result layer or the template engine
/// (docs/architecture.md), so Hosting, which composes everything, implements this over the app's
/// <c>IViewRenderer</c> and template folder and registers it.
/// </summary>
internal interface IErrorPageViews
{
    /// <summary>The template folder, for messages.</summary>
    string RootPath { get; }

    /// <summary>Whether the template file <paramref name="name"/> (relative to <see cref="RootPath"/>) exists; asked at startup.</summary>
    bool Exists(string name);

    /// <summary>Renders view <paramref name="name"/> with <paramref name="model"/> through the app's view renderer, into a string so a failure leaves the response untouched.</summary>
    string Render(HttpContext context, string name, object model);
}
