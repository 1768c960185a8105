using Microsoft.Extensions.DependencyInjection;
using MicroWeb.OpenApi;

namespace MicroWeb;

/// <summary>A page showing the OpenAPI document with Swagger UI, served by the app itself (docs/api.md).</summary>
public static class OpenApiUiExtensions
{
    /// <summary>
    /// Serves a documentation page at <paramref name="pattern"/> that shows <paramref name="documentPath"/> with Swagger
    /// UI, and the UI's files below it (<c>{pattern}/swagger-ui-bundle.js</c>, <c>swagger-ui.css</c>,
    /// <c>swagger-ui-init.js</c>). The first two are read from <paramref name="assetsDirectory"/>: the npm package
    /// <c>swagger-ui-dist</c>'s folder, or a copy of those two files; nothing is loaded from another origin, and the page
    /// has no inline script or style, so a <c>Content-Security-Policy</c> of <c>default-src 'self'</c> allows it. While
    /// the files are missing, the page is a 404 saying so. None of these routes are in the OpenAPI document.
    /// </summary>
    /// <typeparam name="TBuilder">The app's type, returned so calls chain.</typeparam>
    /// <param name="app">The app.</param>
    /// <param name="pattern">The page's path. Default <c>/docs</c>.</param>
    /// <param name="documentPath">The document's path, as given to <c>MapOpenApi</c>. Default <c>/openapi.json</c>.</param>
    /// <param name="assetsDirectory">The folder with <c>swagger-ui-bundle.js</c> and <c>swagger-ui.css</c>, relative to the content root. Default <c>swagger-ui</c>.</param>
    /// <returns><paramref name="app"/>.</returns>
    public static TBuilder MapOpenApiUi<TBuilder>(this TBuilder app, string pattern = "/docs", string documentPath = "/openapi.json", string assetsDirectory = "swagger-ui")
        where TBuilder : IEndpointRouteBuilder
    {
        ArgumentNullException.ThrowIfNull(app);
        ArgumentException.ThrowIfNullOrEmpty(pattern);
        ArgumentException.ThrowIfNullOrEmpty(documentPath);
        ArgumentException.ThrowIfNullOrEmpty(assetsDirectory);
        var contentRoot = app.Endpoints.Services.GetService<MicroWebEnvironment>()?.ContentRootPath ?? Directory.GetCurrentDirectory();
        var page = new OpenApiUiEndpoint(pattern, documentPath, Path.GetFullPath(assetsDirectory, contentRoot));
        var prefix = pattern.TrimEnd('/');
        // Request delegates, not handler delegates: nothing to bind, so the page maps without reflection.
        app.MapGet(pattern, context => page.Page(context).ExecuteAsync(context), Hidden);
        app.MapGet($"{prefix}/{OpenApiUiEndpoint.ScriptFile}", context => page.StartScript().ExecuteAsync(context), Hidden);
        app.MapGet($"{prefix}/{OpenApiUiEndpoint.BundleFile}", context => page.Bundle().ExecuteAsync(context), Hidden);
        return app.MapGet($"{prefix}/{OpenApiUiEndpoint.StyleFile}", context => page.Style().ExecuteAsync(context), Hidden);
    }

    /// <summary>The page and its assets are not API operations: left out of the document, as their methods' attribute said.</summary>
    private static void Hidden(RouteHandlerBuilder endpoint) => endpoint.WithMetadata(new ExcludeFromDescriptionAttribute());
}
