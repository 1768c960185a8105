namespace MicroWeb;

/// <summary>The everyday ways to add inline middleware.</summary>
public static class PipelineBuilderExtensions
{
    /// <summary>Adds middleware that receives the context and the rest of the pipeline as <c>next()</c>.</summary>
    /// <remarks>Convenient; allocates a small closure per request. The <see cref="RequestDelegate"/> overload does not.</remarks>
    public static IPipelineBuilder Use(this IPipelineBuilder builder, Func<HttpContext, Func<Task>, Task> middleware)
    {
        ArgumentNullException.ThrowIfNull(middleware);
        return builder.Use(next => context => middleware(context, () => next(context)));
    }

    /// <summary>Adds middleware that receives the context and the rest of the pipeline as <c>next(context)</c>.</summary>
    public static IPipelineBuilder Use(this IPipelineBuilder builder, Func<HttpContext, RequestDelegate, Task> middleware)
    {
        ArgumentNullException.ThrowIfNull(middleware);
        return builder.Use(next => context => middleware(context, next));
    }
}
