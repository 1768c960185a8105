using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using MicroWeb.HttpResults;
using MicroWeb.Middleware.Diagnostics;
using MicroWeb.Templates;

namespace MicroWeb.Hosting;

/// <summary>The app's views for error pages: files from the template engine's folder, rendered by the view renderer views use.</summary>
internal sealed class ErrorPageViews(TemplateEngine engine) : IErrorPageViews
{
    public string RootPath => engine.RootPath;

    public bool Exists(string name) => File.Exists(Path.Combine(engine.RootPath, name));

    public string Render(HttpContext context, string name, object model)
    {
        // Resolved as a view result resolves it: the singleton from startup, else from the request's scope.
        var services = ResultServices.Of(context);
        var renderer = services.ViewRenderer
            ?? (services.ViewRendererPerRequest ? context.RequestServices.GetService<IViewRenderer>() : null)
            ?? throw new InvalidOperationException($"No view engine registered: the error page '{name}' cannot be rendered.");
        using var output = new StringWriter(CultureInfo.InvariantCulture);
        renderer.Render(name, model, output);
        return output.ToString();
    }
}
