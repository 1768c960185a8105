namespace MicroWeb;

/// <summary>
/// Maps a route template. On an action it matches the template for every HTTP method; on a controller
/// class it is a prefix joined in front of each relative action template in the class. An action template
/// starting with <c>/</c> or <c>~/</c> is absolute and takes no prefix.
/// </summary>
/// <remarks>
/// The template syntax (literals, <c>{id:int}</c>, <c>{page?}</c>, <c>{page=1}</c>, <c>{*path}</c>) is
/// described in docs/routing.md. Templates are parsed at startup, so a mistake fails the app before it
/// listens instead of answering 404.
/// </remarks>
[AttributeUsage(AttributeTargets.Class | AttributeTargets.Method, AllowMultiple = true, Inherited = true)]
public sealed class RouteAttribute : Attribute
{
    /// <summary>Creates the attribute.</summary>
    /// <param name="template">The route template, for example <c>"/users/{id:int}"</c>.</param>
    public RouteAttribute(string template)
    {
        ArgumentNullException.ThrowIfNull(template);
        Template = template;
    }

    /// <summary>The route template as written.</summary>
    public string Template { get; }
}
