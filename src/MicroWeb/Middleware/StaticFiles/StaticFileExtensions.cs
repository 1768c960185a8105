using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using MicroWeb.Middleware.StaticFiles;

namespace MicroWeb;

/// <summary>Adds the static file middleware.</summary>
public static class StaticFileExtensions
{
    /// <summary>
    /// Serves files from <see cref="StaticFileOptions.RootPath"/> (default <c>./static</c> under the content root) at
    /// <see cref="StaticFileOptions.RequestPath"/> (default <c>/static</c>), for GET and HEAD: Content-Type by extension,
    /// ETag and Last-Modified with 304 answers, single byte ranges (206/416, If-Range), Cache-Control. Paths that could
    /// leave the folder, dot-files, unknown types and missing files fall through to the next middleware. Call it once per
    /// folder to serve several.
    /// </summary>
    /// <remarks>
    /// A folder that does not exist at startup is a warning in the log, not an error: the app starts and this call
    /// serves nothing (a new app without a <c>static/</c> folder yet should still run). Create the folder and restart.
    /// </remarks>
    public static IPipelineBuilder UseStaticFiles(this IPipelineBuilder builder, StaticFileOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        options ??= new StaticFileOptions();
        var contentRoot = builder.ApplicationServices.GetService<MicroWebEnvironment>()?.ContentRootPath ?? Directory.GetCurrentDirectory();
        var root = Path.GetFullPath(Path.Combine(contentRoot, options.RootPath));
        if (!Directory.Exists(root))
        {
            builder.ApplicationServices.GetService<ILoggerFactory>()?.CreateLogger("MicroWeb.StaticFiles").LogWarning(
                "The static files folder {Folder} does not exist, so UseStaticFiles serves nothing at {RequestPath}; create it (and restart) or set StaticFileOptions.RootPath",
                root, options.RequestPath);
            return builder;
        }

        var provider = new PhysicalFileProvider(root, options.AllowSymlinksOutsideRoot);
        var middleware = new StaticFileMiddleware(options, provider);
        return builder.Use(next => context => middleware.InvokeAsync(context, next));
    }
}
