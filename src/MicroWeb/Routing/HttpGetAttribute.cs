namespace MicroWeb;

/// <summary>Maps an action to HTTP <c>GET</c>, optionally with a route template.</summary>
public sealed class HttpGetAttribute : HttpMethodAttribute
{
    private static readonly string[] s_methods = ["GET"];

    /// <summary>Maps the action to <c>GET</c> at the controller's <see cref="RouteAttribute"/> prefix.</summary>
    public HttpGetAttribute()
        : base(s_methods, null)
    {
    }

    /// <summary>Maps the action to <c>GET</c> at <paramref name="template"/>.</summary>
    /// <param name="template">The route template, for example <c>"/users/{id:int}"</c>.</param>
    public HttpGetAttribute(string template)
        : base(s_methods, template ?? throw new ArgumentNullException(nameof(template)))
    {
    }
}
