namespace MicroWeb.Http;

/// <summary>
/// What the router matched, kept on the context for <c>context.GetRouteValues()</c>: the route's pattern (opaque
/// here — this layer knows nothing of routing), the path it matched, how much of it, and how many segments.
/// <see langword="default"/> means no route matched.
/// </summary>
internal readonly record struct RouteCapture(object? Pattern, string? Path, int Length, int Depth);
