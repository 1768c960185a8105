namespace MicroWeb;

/// <summary>Maps an action to HTTP <c>OPTIONS</c>, optionally with a route template.</summary>
public sealed class HttpOptionsAttribute : HttpMethodAttribute
{
    private static readonly string[] s_methods = ["OPTIONS"];

    /// <summary>Maps the action to <c>OPTIONS</c> at the controller's <see cref="RouteAttribute"/> prefix.</summary>
    public HttpOptionsAttribute()
        : base(s_methods, null)
    {
    }

    /// <summary>Maps the action to <c>OPTIONS</c> at <paramref name="template"/>.</summary>
    /// <param name="template">The route template, for example <c>"/users/{id:int}"</c>.</param>
    public HttpOptionsAttribute(string template)
        : base(s_methods, template ?? throw new ArgumentNullException(nameof(template)))
    {
    }
}
