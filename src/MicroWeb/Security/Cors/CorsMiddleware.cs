namespace MicroWeb.Security.Cors;

/// <summary>Applies one policy to every request; see <see cref="CorsExtensions.UseCors"/>.</summary>
/// <remarks>
/// A preflight is not answered here but passed on with the policy's headers already set: routing then answers it
/// (204 with <c>Allow</c> for a path that exists), or, when the endpoint the preflight asks about has its own
/// <c>[EnableCors]</c> or <c>[DisableCors]</c>, that endpoint's step replaces these headers. A middleware before
/// routing cannot know the endpoint; the router can.
/// </remarks>
internal sealed class CorsMiddleware(RequestDelegate next, CorsPolicy policy)
{
    public Task InvokeAsync(HttpContext context)
    {
        if (CorsHeaders.IsPreflight(context.Request)) policy.ApplyPreflight(context);
        else policy.ApplyActual(context);
        return next(context);
    }
}
