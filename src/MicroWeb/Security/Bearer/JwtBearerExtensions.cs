using Microsoft.Extensions.DependencyInjection;
using MicroWeb.Security.Bearer;

namespace MicroWeb;

/// <summary>JWT bearer authentication for APIs, next to the cookie: see docs/api.md.</summary>
public static class JwtBearerExtensions
{
    /// <summary>
    /// Turns on JWT bearer authentication: <c>app.UseAuthentication()</c> then validates a request's
    /// <c>Authorization: Bearer</c> token (HS256, RS256 or ES256; issuer, audience, lifetime, signature) and makes its
    /// <c>sub</c> the <see cref="User"/>, instead of reading the cookie. Settings come from
    /// <c>Authentication:Bearer</c> (<c>Issuer</c>, <c>Audience</c>, <c>ClockSkew</c>, <c>SigningKeys:N</c>,
    /// <c>JwksFile</c>), then from <paramref name="configure"/>; the app fails to build when they are incomplete.
    /// </summary>
    /// <param name="services">The app's services (<c>builder.Services</c>).</param>
    /// <param name="configure">Changes to the bound options, such as keys from a secret store; may be null.</param>
    public static IServiceCollection AddJwtBearer(this IServiceCollection services, Action<JwtBearerOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        JwtBearerRegistration? registration = null;
        foreach (var descriptor in services)
        {
            if (descriptor.ServiceType == typeof(JwtBearerRegistration)) registration = (JwtBearerRegistration)descriptor.ImplementationInstance!;
        }
        if (registration is null) services.AddSingleton(registration = new JwtBearerRegistration());
        if (configure is not null) registration.Configure.Add(configure);
        return services;
    }
}
