namespace MicroWeb.Routing;

/// <summary>One route to put in a <see cref="RouteTable{TEndpoint}"/>.</summary>
/// <param name="Pattern">The parsed template (<see cref="RoutePattern.Parse"/>); the caller keeps it to look up parameter indexes.</param>
/// <param name="Methods">The HTTP methods (case-sensitive, RFC 9110 §9.1); <see langword="null"/> or empty means any method.</param>
/// <param name="Endpoint">What a match returns; the table never looks inside it.</param>
/// <param name="DisplayName">Who declared the route (<c>UsersController.Get</c>), named in startup errors.</param>
internal sealed record RouteDefinition<TEndpoint>(
    RoutePattern Pattern,
    IReadOnlyList<string>? Methods,
    TEndpoint Endpoint,
    string DisplayName)
    where TEndpoint : class;
