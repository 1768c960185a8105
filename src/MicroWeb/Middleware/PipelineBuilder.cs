namespace MicroWeb;

/// <summary>Collects middleware in registration order and composes them into one delegate, once, at startup.</summary>
internal sealed class PipelineBuilder
{
    private readonly List<Func<RequestDelegate, RequestDelegate>> _components = [];
    private RequestDelegate? _terminal;

    public void Use(Func<RequestDelegate, RequestDelegate> component) => _components.Add(component);

    public void Run(RequestDelegate terminal)
    {
        ArgumentNullException.ThrowIfNull(terminal);
        _terminal = terminal;
    }

    public RequestDelegate Build()
    {
        var pipeline = _terminal ?? NotFound;
        for (var i = _components.Count - 1; i >= 0; i--) pipeline = _components[i](pipeline);
        return pipeline;
    }

    private static Task NotFound(HttpContext context)
    {
        context.Response.StatusCode = 404;
        return Task.CompletedTask;
    }
}
