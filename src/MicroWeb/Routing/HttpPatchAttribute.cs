namespace MicroWeb;

/// <summary>Maps an action to HTTP <c>PATCH</c>, optionally with a route template.</summary>
public sealed class HttpPatchAttribute : HttpMethodAttribute
{
    private static readonly string[] s_methods = ["PATCH"];

    /// <summary>Maps the action to <c>PATCH</c> at the controller's <see cref="RouteAttribute"/> prefix.</summary>
    public HttpPatchAttribute()
        : base(s_methods, null)
    {
    }

    /// <summary>Maps the action to <c>PATCH</c> at <paramref name="template"/>.</summary>
    /// <param name="template">The route template, for example <c>"/users/{id:int}"</c>.</param>
    public HttpPatchAttribute(string template)
        : base(s_methods, template ?? throw new ArgumentNullException(nameof(template)))
    {
    }
}
