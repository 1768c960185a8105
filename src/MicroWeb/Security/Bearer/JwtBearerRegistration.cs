namespace MicroWeb.Security.Bearer;

/// <summary>
/// What <see cref="JwtBearerExtensions.AddJwtBearer"/> leaves in the service collection: the app's configure actions,
/// applied by the builder after it binds <c>Authentication:Bearer</c>, which then registers the
/// <see cref="JwtBearerValidator"/> that <c>app.UseAuthentication()</c> picks up.
/// </summary>
internal sealed class JwtBearerRegistration
{
    public List<Action<JwtBearerOptions>> Configure { get; } = [];
}
