using Microsoft.Extensions.DependencyInjection;
using MicroWeb.Routing;
using MicroWeb.Security;

namespace MicroWeb;

/// <summary>Protection against cross-site request forgery for HTML forms.</summary>
public static class AntiforgeryExtensions
{
    /// <summary>
    /// Rejects unsafe requests (POST, PUT, PATCH, DELETE…) whose <c>X-CSRF-Token</c> header or <c>__csrf</c> form field
    /// is not the token for this browser (its <c>microweb.csrf</c> cookie) and this signed-in user: 400, "Missing or
    /// invalid antiforgery token.". Only JSON bodies (<c>application/json</c>, <c>+json</c>) pass without one, because
    /// browsers preflight them cross-site. Signing in or out replaces the browser's secret, so older tokens stop
    /// working. Put <see cref="AntiforgeryField"/> in every form, after <c>UseAuthentication</c> in the pipeline.
    /// Endpoints marked <see cref="IgnoreAntiforgeryTokenAttribute"/> are not checked.
    /// </summary>
    /// <exception cref="InvalidOperationException">The key ring is not registered, or the key file is invalid.</exception>
    public static IPipelineBuilder UseAntiforgery(this IPipelineBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.ApplicationServices;
        var middleware = new AntiforgeryMiddleware(CookieProtection.From(services, nameof(UseAntiforgery)).For("csrf"), services.GetService<EndpointMetadataLookup>());
        return builder.Use(next => context => middleware.InvokeAsync(context, next));
    }

    /// <summary>
    /// The antiforgery token for forms in this response, valid for this browser and the current user; the first call
    /// of a new visitor also sets its cookie, so call it before the body starts.
    /// </summary>
    /// <exception cref="InvalidOperationException"><c>app.UseAntiforgery()</c> did not run for this request.</exception>
    public static string GetAntiforgeryToken(this HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return AntiforgeryMiddleware.GetToken(context);
    }

    /// <summary>
    /// The hidden input carrying the token, <c>&lt;input type="hidden" name="__csrf" value="…"&gt;</c>, for a view model;
    /// render it unescaped: <c>&lt;&lt;&amp; csrf&gt;&gt;</c>.
    /// </summary>
    /// <exception cref="InvalidOperationException"><c>app.UseAntiforgery()</c> did not run for this request.</exception>
    public static string AntiforgeryField(this HttpContext context) =>
        $"<input type=\"hidden\" name=\"{AntiforgeryMiddleware.FieldName}\" value=\"{context.GetAntiforgeryToken()}\">";
}
