namespace MicroWeb;

/// <summary>
/// The rest of an endpoint's filter chain, ending in the handler or action: returns what it returned (awaited), or
/// what a later filter returned instead. The value becomes the response as a handler's return value does.
/// </summary>
/// <param name="context">The request and the bound arguments.</param>
public delegate ValueTask<object?> EndpointFilterDelegate(EndpointFilterInvocationContext context);
