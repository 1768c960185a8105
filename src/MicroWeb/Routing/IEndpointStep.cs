namespace MicroWeb.Routing;

/// <summary>
/// A step between a route match and its endpoint (authorization today), chosen per endpoint from its metadata
/// when the router is built. A step that does not apply returns <c>next</c> itself, so endpoints that need
/// none of them pay nothing per request.
/// </summary>
internal interface IEndpointStep
{
    /// <summary>
    /// <paramref name="next"/> wrapped in this step for an endpoint with <paramref name="metadata"/> (its attributes:
    /// the action's and its controller's, or the handler's), or <paramref name="next"/> when the step does not apply.
    /// </summary>
    EndpointDelegate Wrap(IReadOnlyList<object> metadata, EndpointDelegate next);
}
