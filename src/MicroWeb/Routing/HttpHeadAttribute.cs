namespace MicroWeb;

/// <summary>Maps an action to HTTP <c>HEAD</c>, optionally with a route template.</summary>
public sealed class HttpHeadAttribute : HttpMethodAttribute
{
    private static readonly string[] s_methods = ["HEAD"];

    /// <summary>Maps the action to <c>HEAD</c> at the controller's <see cref="RouteAttribute"/> prefix.</summary>
    public HttpHeadAttribute()
        : base(s_methods, null)
    {
    }

    /// <summary>Maps the action to <c>HEAD</c> at <paramref name="template"/>.</summary>
    /// <param name="template">The route template, for example <c>"/users/{id:int}"</c>.</param>
    public HttpHeadAttribute(string template)
        : base(s_methods, template ?? throw new ArgumentNullException(nameof(template)))
    {
    }
}
