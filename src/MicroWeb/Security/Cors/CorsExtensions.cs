using Microsoft.Extensions.DependencyInjection;
using MicroWeb.Security.Cors;

namespace MicroWeb;

/// <summary>Adds the CORS middleware.</summary>
public static class CorsExtensions
{
    /// <summary>
    /// Applies a CORS policy (Fetch standard §3.2) to every request after this point: responses to an allowed origin get
    /// <c>Access-Control-Allow-Origin</c> (and credentials and exposed headers as the policy says), preflights get the
    /// allowed methods, headers and max age and are answered 204 by routing. A request from an origin that is not allowed
    /// is still processed, without CORS headers, so the browser keeps the response from the page. Endpoints with
    /// <see cref="EnableCorsAttribute"/> or <see cref="DisableCorsAttribute"/> override the policy, preflights included;
    /// those attributes work without this middleware. Register it before authentication, so a 401 is readable too.
    /// </summary>
    /// <param name="builder">The pipeline.</param>
    /// <param name="policyName">A policy added with <see cref="CorsOptions.AddPolicy"/>; null for the default policy.</param>
    /// <exception cref="InvalidOperationException"><c>AddCors</c> was not called, or there is no such policy.</exception>
    public static IPipelineBuilder UseCors(this IPipelineBuilder builder, string? policyName = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var options = builder.ApplicationServices.GetService<CorsOptions>()
            ?? throw new InvalidOperationException("UseCors needs CORS policies: call builder.Services.AddCors(o => o.AddPolicy(...)) first.");
        var policy = options.Resolve(policyName, "UseCors");
        return builder.Use(next => new CorsMiddleware(next, policy).InvokeAsync);
    }
}
