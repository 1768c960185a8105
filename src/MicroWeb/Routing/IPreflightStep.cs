namespace MicroWeb.Routing;

/// <summary>
/// An <see cref="IEndpointStep"/> that also answers CORS preflights for the endpoints whose metadata asks for it. A
/// preflight (Fetch standard §3.2.2: OPTIONS with <c>Origin</c> and <c>Access-Control-Request-Method</c>) is about
/// another method, so the router looks these answers up by the method it names, before its own OPTIONS and 405
/// answers; endpoints without an answer keep those.
/// </summary>
internal interface IPreflightStep
{
    /// <summary>The preflight answer for an endpoint with <paramref name="metadata"/>, or null when the step does not apply.</summary>
    EndpointDelegate? Preflight(IReadOnlyList<object> metadata);
}
