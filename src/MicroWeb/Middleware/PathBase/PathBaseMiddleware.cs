namespace MicroWeb.Middleware.PathBase;

/// <summary>
/// Applies <c>Server:PathBase</c>: a request under it gets <see cref="HttpRequest.PathBase"/> and the rest of its path as
/// <see cref="HttpRequest.Path"/>; any other request is answered 404 here, since no part of the app lives outside its mount.
/// </summary>
internal sealed class PathBaseMiddleware(RequestDelegate next, string pathBase)
{
    public Task InvokeAsync(HttpContext context)
    {
        var request = context.Request;
        var path = request.Path;
        if (!PathPrefix.Matches(path, pathBase))
        {
            context.Response.StatusCode = 404;
            return Task.CompletedTask;
        }
        request.PathBase = pathBase;
        request.Path = path.Length == pathBase.Length ? "/" : path[pathBase.Length..];
        return next(context);
    }
}
