using System.Collections.Frozen;
using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using MicroWeb.Http;

namespace MicroWeb.Middleware.Diagnostics;

/// <summary>
/// An error page from the app's templates: <c>errors/&lt;status&gt;.html</c> when the template folder has one for
/// the status (looked up once, at startup, for the registered codes), else the configured template. The model is
/// a dictionary with <c>statusCode</c>, <c>reasonPhrase</c>, <c>title</c>, <c>message</c>, <c>path</c>,
/// <c>pathBase</c> and <c>traceId</c>, to which the app's own callback may add what its layout needs.
/// </summary>
internal sealed class ErrorPageTemplate
{
    private readonly IErrorPageViews _views;
    private readonly string _template;
    private readonly FrozenDictionary<int, string> _perStatus;
    private readonly Action<HttpContext, IDictionary<string, object?>>? _configureModel;

    private ErrorPageTemplate(IErrorPageViews views, string template, FrozenDictionary<int, string> perStatus,
        Action<HttpContext, IDictionary<string, object?>>? configureModel)
    {
        _views = views;
        _template = template;
        _perStatus = perStatus;
        _configureModel = configureModel;
    }

    /// <summary>The template for the options, or null when none is configured. Fails now, at startup, for a template that is not there.</summary>
    /// <exception cref="ArgumentException"><paramref name="configureModel"/> is set without a template.</exception>
    /// <exception cref="InvalidOperationException">The app has no templates, or the template file does not exist.</exception>
    public static ErrorPageTemplate? Create(IServiceProvider services, string? template, Action<HttpContext, IDictionary<string, object?>>? configureModel)
    {
        if (template is null)
        {
            if (configureModel is not null) throw new ArgumentException("ConfigureModel adds to the model of Template: set Template too.", nameof(configureModel));
            return null;
        }
        ArgumentException.ThrowIfNullOrWhiteSpace(template, "Template");
        var views = services.GetService<IErrorPageViews>() ?? throw new InvalidOperationException(
            $"The error page template '{template}' needs the app's templates, which an app from MicroWebApp.CreateBuilder has.");
        if (!views.Exists(template))
            throw new InvalidOperationException($"The error page template '{template}' does not exist in the template folder '{views.RootPath}'.");

        var perStatus = new Dictionary<int, string>();
        foreach (var code in ReasonPhrases.All.Keys)
        {
            if (code < 400) continue;
            var name = string.Create(CultureInfo.InvariantCulture, $"errors/{code}.html");
            if (views.Exists(name)) perStatus[code] = name;
        }
        return new ErrorPageTemplate(views, template, perStatus.ToFrozenDictionary(), configureModel);
    }

    /// <summary>The view for <paramref name="statusCode"/>.</summary>
    public string NameFor(int statusCode) => _perStatus.TryGetValue(statusCode, out var name) ? name : _template;

    /// <summary>Renders the page for the response's status.</summary>
    public string Render(HttpContext context, ErrorBodies bodies)
    {
        var request = context.Request;
        var model = new Dictionary<string, object?>(StringComparer.Ordinal)
        {
            ["statusCode"] = bodies.StatusCode,
            ["reasonPhrase"] = bodies.ReasonPhrase,
            ["title"] = bodies.Title,
            ["message"] = bodies.Message,
            ["path"] = request.Path,
            ["pathBase"] = request.PathBase,
            ["traceId"] = context.TraceIdentifier,
        };
        _configureModel?.Invoke(context, model);
        return _views.Render(context, NameFor(bodies.StatusCode), model);
    }
}
