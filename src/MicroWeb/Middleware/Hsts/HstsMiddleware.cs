namespace MicroWeb.Middleware.Hsts;

/// <summary>Adds <c>Strict-Transport-Security</c> to https responses; see <see cref="HstsExtensions.UseHsts"/>.</summary>
internal sealed class HstsMiddleware(RequestDelegate next, HstsOptions options)
{
    private readonly HstsHeader _header = new(options);

    public Task InvokeAsync(HttpContext context)
    {
        _header.Apply(context, onlyIfMissing: false);
        return next(context);
    }
}
