using Microsoft.Extensions.DependencyInjection;
using MicroWeb.HttpResults;
using MicroWeb.Templates;

namespace MicroWeb;

/// <summary>
/// A view rendered by the registered <see cref="IViewRenderer"/> and sent as <c>text/html; charset=utf-8</c>: the
/// whole page, or one of its blocks (<see cref="Fragment"/>, <see cref="FragmentIfHtmx"/>). Made by
/// <see cref="Results.View(string, object?, int)"/>, <see cref="Results.View(ICompiledView, int)"/> and <c>Controller.View</c>; immutable, so the fragment methods return a new result.
/// </summary>
/// <example>
/// <code>
/// [HttpGet("/")]
/// public IResult Index(int page = 1) => View("board.html", Board(page)).FragmentIfHtmx("messages");
/// </code>
/// </example>
/// <remarks>
/// A model that is an <see cref="ICompiledView"/> of the same name renders through its generated code (no
/// renderer needed); in Development, when the default renderer's template files changed since the build, through the
/// runtime engine instead, so edits show without a rebuild.
/// The renderer is the one resolved when the app started: no request scope is opened for it. Rendering is
/// synchronous and never waits for the client: the page goes into the response's buffer and, past
/// <see cref="ServerOptions.ResponseBufferSize"/>, into the connection's output, which the connection flushes with an
/// await once the response is complete. A slow reader therefore holds memory for its page, not a thread.
/// </remarks>
public sealed class ViewResult : IResult
{
    private readonly bool _onlyForHtmx;

    internal ViewResult(string name, object? model, int statusCode, string? block = null, bool onlyForHtmx = false)
    {
        Name = name;
        Model = model;
        StatusCode = statusCode;
        Block = block;
        _onlyForHtmx = onlyForHtmx;
    }

    /// <summary>The view's name, e.g. <c>board.html</c>.</summary>
    public string Name { get; }

    /// <summary>The data the view shows.</summary>
    public object? Model { get; }

    /// <summary>The response's status code.</summary>
    public int StatusCode { get; }

    /// <summary>The block rendered instead of the whole page (always, or for htmx requests only), or null.</summary>
    public string? Block { get; }

    /// <summary>
    /// Renders only block <paramref name="block"/> (<c>&lt;&lt;$block&gt;&gt;</c>) of the view: its content as it
    /// renders inside the page, with the page's model, and no layout around it. A block the view, its layouts and
    /// partials do not have fails when the result executes (a <see cref="Templates.TemplateException"/> naming both).
    /// </summary>
    /// <param name="block">The block's name.</param>
    public ViewResult Fragment(string block)
    {
        ArgumentException.ThrowIfNullOrEmpty(block);
        return new ViewResult(Name, Model, StatusCode, block, onlyForHtmx: false);
    }

    /// <summary>
    /// Renders only block <paramref name="block"/> when the request wants part of a page
    /// (<see cref="HtmxExtensions.WantsFragment"/>: <c>HX-Request: true</c>, not boosted, not a history restore), the
    /// whole page otherwise; either way the response says <c>Vary</c> on those headers, so caches keep both apart.
    /// </summary>
    /// <param name="block">The block's name.</param>
    public ViewResult FragmentIfHtmx(string block)
    {
        ArgumentException.ThrowIfNullOrEmpty(block);
        return new ViewResult(Name, Model, StatusCode, block, onlyForHtmx: true);
    }

    /// <inheritdoc />
    public Task ExecuteAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var services = ResultServices.Of(context);
        var renderer = services.ViewRenderer
            ?? (services.ViewRendererPerRequest ? context.RequestServices.GetService<IViewRenderer>() : null);
        var compiled = Model as ICompiledView;
        if (compiled is not null && !(string.Equals(compiled.TemplateName, Name, StringComparison.Ordinal)
            && (renderer is not TemplateViewRenderer templates || templates.IsCurrent(compiled))))
        {
            compiled = null;
        }
        if (compiled is null && renderer is null)
        {
            throw new InvalidOperationException(
                $"No view engine registered: view '{Name}' cannot be rendered. Register an {nameof(IViewRenderer)} in the services.");
        }

        var response = context.Response;
        var block = Block;
        if (_onlyForHtmx)
        {
            response.VaryByHtmx();
            if (!context.Request.WantsFragment())
                block = null;
        }
        response.StatusCode = StatusCode;
        response.ContentType = TextResult.Html;
        if (compiled is not null)
        {
            if (!CompiledView.Render(compiled, block, response.Body))
                throw TemplateException.Unpositioned(Name, $"No block '{block}' to render as a fragment, in the template or the layouts and partials it includes");
            return Task.CompletedTask;
        }
        var writer = ResponseTextWriter.Rent(response.Body);
        try
        {
            if (block is null)
                renderer!.Render(Name, Model, writer);
            else
                renderer!.RenderFragment(Name, block, Model, writer);
            writer.Complete();
        }
        finally
        {
            ResponseTextWriter.Return(writer);
        }
        return Task.CompletedTask;
    }
}
