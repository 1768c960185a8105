namespace MicroWeb;

/// <summary>Maps an action to HTTP <c>POST</c>, optionally with a route template.</summary>
public sealed class HttpPostAttribute : HttpMethodAttribute
{
    private static readonly string[] s_methods = ["POST"];

    /// <summary>Maps the action to <c>POST</c> at the controller's <see cref="RouteAttribute"/> prefix.</summary>
    public HttpPostAttribute()
        : base(s_methods, null)
    {
    }

    /// <summary>Maps the action to <c>POST</c> at <paramref name="template"/>.</summary>
    /// <param name="template">The route template, for example <c>"/users/{id:int}"</c>.</param>
    public HttpPostAttribute(string template)
        : base(s_methods, template ?? throw new ArgumentNullException(nameof(template)))
    {
    }
}
