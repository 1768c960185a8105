using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using MicroWeb.Hosting.HealthChecks;

namespace MicroWeb;

/// <summary>Health endpoints for load balancers and orchestrators, on <c>Microsoft.Extensions.Diagnostics.HealthChecks</c>.</summary>
public static class HealthCheckEndpointExtensions
{
    /// <summary>
    /// Maps <c>GET</c> (and <c>HEAD</c>) <paramref name="template"/> to a health report of the checks registered with
    /// <c>builder.Services.AddHealthChecks().AddCheck(…)</c>: 200 <c>Healthy</c> or <c>Degraded</c>, 503 <c>Unhealthy</c>;
    /// plain text, or JSON with each check's status, description and duration when the request accepts
    /// <c>application/json</c>.
    /// </summary>
    /// <typeparam name="TBuilder">The app's type, returned so calls chain.</typeparam>
    /// <param name="app">The app.</param>
    /// <param name="template">The route, e.g. <c>/healthz</c>.</param>
    /// <param name="options">Which checks run, and whether stopping counts as unhealthy (readiness); see <see cref="HealthCheckEndpointOptions"/>.</param>
    /// <exception cref="InvalidOperationException"><c>AddHealthChecks()</c> was not called.</exception>
    public static TBuilder MapHealthChecks<TBuilder>(this TBuilder app, string template, HealthCheckEndpointOptions? options = null)
        where TBuilder : IEndpointRouteBuilder
    {
        ArgumentNullException.ThrowIfNull(app);
        var services = app.Endpoints.Services;
        var checks = services.GetService<HealthCheckService>()
            ?? throw new InvalidOperationException($"MapHealthChecks(\"{template}\") needs the health check services: call builder.Services.AddHealthChecks() before Build().");
        var endpoint = new HealthCheckEndpoint(checks, services.GetRequiredService<AppLifetimeState>(), options ?? new HealthCheckEndpointOptions());
        return app.MapGet(template, endpoint.InvokeAsync);
    }
}
