namespace MicroWeb.Routing;

/// <summary>One '/'-separated segment of a route template: literal text or exactly one parameter.</summary>
internal sealed class RouteSegment
{
    private RouteSegment(string? literal, RouteParameter? parameter)
    {
        Literal = literal;
        Parameter = parameter;
    }

    /// <summary>The literal text with <c>{{</c> and <c>}}</c> unescaped, or <see langword="null"/> for a parameter.</summary>
    public string? Literal { get; }

    public RouteParameter? Parameter { get; }

    public static RouteSegment ForLiteral(string text) => new(text, null);

    public static RouteSegment ForParameter(RouteParameter parameter) => new(null, parameter);
}
