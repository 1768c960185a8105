using System.Reflection;
using System.Text.Json.Nodes;

namespace MicroWeb;

/// <summary>What the OpenAPI document says about the app as a whole; set with <c>builder.Services.AddOpenApi(options => …)</c>.</summary>
public sealed class OpenApiOptions
{
    /// <summary>The API's title (<c>info.title</c>). Default: the entry assembly's name.</summary>
    public string Title { get; set; } = Assembly.GetEntryAssembly()?.GetName().Name ?? "API";

    /// <summary>The API's version (<c>info.version</c>), not OpenAPI's. Default <c>1.0.0</c>.</summary>
    public string Version { get; set; } = "1.0.0";

    /// <summary>A longer description (<c>info.description</c>, CommonMark allowed); none by default.</summary>
    public string? Description { get; set; }

    /// <summary>The base URLs the API is served at (<c>servers</c>); when empty, clients use the document's own location.</summary>
    public IList<string> Servers { get; } = [];

    /// <summary>The name of the authentication cookie the <c>cookie</c> security scheme names. Default <c>microweb.auth</c>, as <see cref="AuthenticationOptions.CookieName"/>.</summary>
    public string AuthenticationCookieName { get; set; } = "microweb.auth";

    /// <summary>True when <see cref="AddBearerSecurityScheme"/> was called.</summary>
    public bool HasBearerSecurityScheme { get; private set; }

    /// <summary>
    /// Called once with the finished document before it is serialized: add or change anything the generator does
    /// not (tags, examples, extensions). Runs when the document is first requested.
    /// </summary>
    public Action<JsonObject>? DocumentTransform { get; set; }

    /// <summary>
    /// Declares the <c>bearer</c> security scheme (HTTP bearer, JWT): <c>[Authorize]</c> operations then accept a
    /// bearer token as an alternative to the authentication cookie. <c>MapOpenApi</c> calls it when the app registered
    /// <c>AddJwtBearer</c>; call it yourself when bearer tokens are checked some other way.
    /// </summary>
    /// <returns>These options, so calls chain.</returns>
    public OpenApiOptions AddBearerSecurityScheme()
    {
        HasBearerSecurityScheme = true;
        return this;
    }
}
