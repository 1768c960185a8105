namespace MicroWeb;

/// <summary>Maps an action to HTTP <c>DELETE</c>, optionally with a route template.</summary>
public sealed class HttpDeleteAttribute : HttpMethodAttribute
{
    private static readonly string[] s_methods = ["DELETE"];

    /// <summary>Maps the action to <c>DELETE</c> at the controller's <see cref="RouteAttribute"/> prefix.</summary>
    public HttpDeleteAttribute()
        : base(s_methods, null)
    {
    }

    /// <summary>Maps the action to <c>DELETE</c> at <paramref name="template"/>.</summary>
    /// <param name="template">The route template, for example <c>"/users/{id:int}"</c>.</param>
    public HttpDeleteAttribute(string template)
        : base(s_methods, template ?? throw new ArgumentNullException(nameof(template)))
    {
    }
}
