namespace MicroWeb;

/// <summary>Maps an action to HTTP <c>PUT</c>, optionally with a route template.</summary>
public sealed class HttpPutAttribute : HttpMethodAttribute
{
    private static readonly string[] s_methods = ["PUT"];

    /// <summary>Maps the action to <c>PUT</c> at the controller's <see cref="RouteAttribute"/> prefix.</summary>
    public HttpPutAttribute()
        : base(s_methods, null)
    {
    }

    /// <summary>Maps the action to <c>PUT</c> at <paramref name="template"/>.</summary>
    /// <param name="template">The route template, for example <c>"/users/{id:int}"</c>.</param>
    public HttpPutAttribute(string template)
        : base(s_methods, template ?? throw new ArgumentNullException(nameof(template)))
    {
    }
}
