namespace MicroWeb;

/// <summary>Handles one HTTP request: a middleware step, a terminal handler or the whole composed pipeline.</summary>
/// <param name="context">The request and its response.</param>
public delegate Task RequestDelegate(HttpContext context);
