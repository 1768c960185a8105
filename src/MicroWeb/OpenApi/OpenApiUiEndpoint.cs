using System.Net;

namespace MicroWeb.OpenApi;

/// <summary>
/// The documentation page of <c>MapOpenApiUi</c>: an HTML shell, its start-up script and Swagger UI's two files
/// (<c>swagger-ui-bundle.js</c>, <c>swagger-ui.css</c> from the npm package <c>swagger-ui-dist</c>), read from a folder
/// the app supplies. The shell has no inline script or style, so a <c>default-src 'self'</c> policy allows it; the
/// script turns off Swagger UI's online validator badge, which would fetch from another origin.
/// </summary>
internal sealed class OpenApiUiEndpoint(string pattern, string documentPath, string assetsDirectory)
{
    public const string BundleFile = "swagger-ui-bundle.js";

    public const string StyleFile = "swagger-ui.css";

    public const string ScriptFile = "swagger-ui-init.js";

    /// <summary>Starts Swagger UI on the page's <c>#swagger-ui</c> element with the document URL in its <c>data-url</c>.</summary>
    private const string Script = """
        "use strict";
        (() => {
          const root = document.getElementById("swagger-ui");
          if (typeof window.SwaggerUIBundle !== "function") {
            root.textContent = root.dataset.missing;
            return;
          }
          window.ui = window.SwaggerUIBundle({
            url: root.dataset.url,
            domNode: root,
            deepLinking: true,
            presets: [window.SwaggerUIBundle.presets.apis],
            layout: "BaseLayout",
            validatorUrl: null,
          });
        })();

        """;

    [ExcludeFromDescription]
    public IResult Page(HttpContext context)
    {
        var missing = MissingFiles();
        if (missing.Count > 0)
        {
            var message = $"Swagger UI is not installed: {string.Join(" and ", missing)} not found in {assetsDirectory}. "
                + $"Install the npm package swagger-ui-dist and copy {BundleFile} and {StyleFile} there (docs/api.md).";
            return Results.Text(
                $"<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>API documentation</title></head><body><h1>API documentation</h1><p>{WebUtility.HtmlEncode(message)}</p><p><a href=\"{Encode(context, documentPath)}\">The OpenAPI document</a> is served all the same.</p></body></html>",
                "text/html; charset=utf-8", 404);
        }

        var assets = context.Request.PathBase + pattern.TrimEnd('/');
        return Results.Text(
            $"""
            <!doctype html>
            <html lang="en">
            <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <title>API documentation</title>
            <link rel="stylesheet" href="{WebUtility.HtmlEncode(assets)}/{StyleFile}">
            </head>
            <body>
            <div id="swagger-ui" data-url="{Encode(context, documentPath)}" data-missing="{WebUtility.HtmlEncode($"{BundleFile} did not load: the API documentation cannot be shown.")}">Loading the API documentation…</div>
            <script src="{WebUtility.HtmlEncode(assets)}/{BundleFile}"></script>
            <script src="{WebUtility.HtmlEncode(assets)}/{ScriptFile}"></script>
            </body>
            </html>

            """,
            "text/html; charset=utf-8");
    }

    [ExcludeFromDescription]
    public IResult StartScript() => Results.Text(Script, "text/javascript; charset=utf-8");

    [ExcludeFromDescription]
    public IResult Bundle() => Asset(BundleFile);

    [ExcludeFromDescription]
    public IResult Style() => Asset(StyleFile);

    private IResult Asset(string name)
    {
        var path = Path.Combine(assetsDirectory, name);
        return File.Exists(path) ? Results.File(path) : Results.NotFound();
    }

    private List<string> MissingFiles() =>
        [.. new[] { BundleFile, StyleFile }.Where(name => !File.Exists(Path.Combine(assetsDirectory, name)))];

    private static string Encode(HttpContext context, string path) => WebUtility.HtmlEncode(context.Request.PathBase + path);
}
