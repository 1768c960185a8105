namespace MicroWeb.Middleware;

/// <summary>Collects middleware in registration order and composes them into one delegate, once, at startup.</summary>
internal sealed class PipelineBuilder(IServiceProvider services) : IPipelineBuilder
{
    private readonly List<Func<RequestDelegate, RequestDelegate>> _components = [];
    private RequestDelegate? _terminal;

    public IServiceProvider ApplicationServices { get; } = services;

    /// <summary>The handler set with <see cref="Run"/>, if any.</summary>
    public RequestDelegate? Terminal => _terminal;

    public IPipelineBuilder Use(Func<RequestDelegate, RequestDelegate> middleware)
    {
        ArgumentNullException.ThrowIfNull(middleware);
        _components.Add(middleware);
        return this;
    }

    public void Run(RequestDelegate handler)
    {
        ArgumentNullException.ThrowIfNull(handler);
        _terminal = handler;
    }

    /// <summary>Composes the middleware around <paramref name="terminal"/> (the last step of the chain).</summary>
    public RequestDelegate Build(RequestDelegate terminal)
    {
        var pipeline = terminal;
        for (var i = _components.Count - 1; i >= 0; i--) pipeline = _components[i](pipeline);
        return pipeline;
    }

    /// <summary>The answer when nothing handled a request.</summary>
    public static Task NotFound(HttpContext context)
    {
        context.Response.StatusCode = 404;
        return Task.CompletedTask;
    }
}
