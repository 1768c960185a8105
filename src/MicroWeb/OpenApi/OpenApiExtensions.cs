using Microsoft.Extensions.DependencyInjection;
using MicroWeb.HttpResults;
using MicroWeb.OpenApi;
using MicroWeb.Security.Bearer;

namespace MicroWeb;

/// <summary>Serving an OpenAPI 3.1 document that describes the app's routes (docs/api.md).</summary>
public static class OpenApiExtensions
{
    /// <summary>Registers the document's <see cref="OpenApiOptions"/>.</summary>
    /// <param name="services">The app's services.</param>
    /// <param name="configure">Sets the title, version, servers, security schemes and the transform hook.</param>
    /// <returns><paramref name="services"/>, so calls chain.</returns>
    public static IServiceCollection AddOpenApi(this IServiceCollection services, Action<OpenApiOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        var options = new OpenApiOptions();
        configure?.Invoke(options);
        services.AddSingleton(options);
        return services;
    }

    /// <summary>
    /// Serves the OpenAPI 3.1 document at <paramref name="pattern"/> (GET and HEAD; JSON, with an ETag and 304 for a
    /// matching If-None-Match). The document describes every route mapped before the app starts, whether before or
    /// after this call, except those marked <see cref="ExcludeFromDescriptionAttribute"/> and this one; it is built
    /// once, on the first request, and then served from the same bytes.
    /// </summary>
    /// <typeparam name="TBuilder">The app's type, returned so calls chain.</typeparam>
    /// <param name="app">The app.</param>
    /// <param name="pattern">The document's path. Default <c>/openapi.json</c>.</param>
    /// <returns><paramref name="app"/>.</returns>
    public static TBuilder MapOpenApi<TBuilder>(this TBuilder app, string pattern = "/openapi.json")
        where TBuilder : IEndpointRouteBuilder
    {
        ArgumentNullException.ThrowIfNull(app);
        var endpoints = app.Endpoints;
        var services = endpoints.Services;
        var options = services.GetService<OpenApiOptions>() ?? new OpenApiOptions();
        if (services.GetService<JwtBearerRegistration>() is not null)
        {
            // builder.Services.AddJwtBearer(): [Authorize] operations accept a bearer token as well as the cookie.
            options.AddBearerSecurityScheme();
        }

        var document = new OpenApiDocumentEndpoint(() => OpenApiDocumentBuilder.Build(endpoints.Routes, options, JsonOptions.Resolve(services)));
        return app.MapGet(pattern, document.WriteAsync);
    }
}
