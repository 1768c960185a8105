using Microsoft.Extensions.DependencyInjection;
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
    /// <exception cref="DirectoryNotFoundException">The folder does not exist.</exception>
    public static IPipelineBuilder UseStaticFiles(this IPipelineBuilder builder, StaticFileOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        options ??= new StaticFileOptions();
        var contentRoot = builder.ApplicationServices.GetService<MicroWebEnvironment>()?.ContentRootPath ?? Directory.GetCurrentDirectory();
        var provider = new PhysicalFileProvider(Path.Combine(contentRoot, options.RootPath), options.AllowSymlinksOutsideRoot);
        var middleware = new StaticFileMiddleware(options, provider);
        return builder.Use(next => context => middleware.InvokeAsync(context, next));
    }
}
