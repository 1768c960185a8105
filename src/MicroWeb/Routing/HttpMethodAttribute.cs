namespace MicroWeb;

/// <summary>
/// Base class of the attributes that restrict an action to HTTP methods (<see cref="HttpGetAttribute"/>,
/// <see cref="HttpPostAttribute"/> …), optionally with a route template. Derive from it to map a method
/// that has no attribute of its own, such as <c>PROPFIND</c>.
/// </summary>
/// <remarks>
/// Without a template the action is reached at the controller's <see cref="RouteAttribute"/> prefix.
/// An action may carry several of these attributes.
/// </remarks>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = true, Inherited = true)]
public abstract class HttpMethodAttribute : Attribute
{
    /// <summary>Creates the attribute.</summary>
    /// <param name="methods">The HTTP methods, case-sensitive as RFC 9110 §9.1 says (<c>"GET"</c>, not <c>"get"</c>).</param>
    /// <param name="template">The route template, or <see langword="null"/> to use the controller prefix alone.</param>
    protected HttpMethodAttribute(IEnumerable<string> methods, string? template)
    {
        ArgumentNullException.ThrowIfNull(methods);
        string[] list = [.. methods];
        if (list.Length == 0)
        {
            throw new ArgumentException("At least one HTTP method is required.", nameof(methods));
        }

        foreach (var method in list)
        {
            ArgumentException.ThrowIfNullOrWhiteSpace(method, nameof(methods));
        }

        Methods = list;
        Template = template;
    }

    /// <summary>The HTTP methods the action answers.</summary>
    public IReadOnlyList<string> Methods { get; }

    /// <summary>The route template, or <see langword="null"/> when the action uses the controller prefix alone.</summary>
    public string? Template { get; }
}
