using System.Diagnostics.CodeAnalysis;
using MicroWeb.Middleware;

namespace MicroWeb;

/// <summary>The everyday ways to add middleware: inline delegates, middleware classes and branches.</summary>
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

    /// <summary>
    /// Adds a middleware class. One instance is created now, with its constructor's parameters taken from
    /// <paramref name="args"/> first and from the application's services otherwise, and serves every request.
    /// The class implements <see cref="IMiddleware"/> or has a public <c>Task InvokeAsync(HttpContext, RequestDelegate, …)</c>
    /// whose further parameters are resolved per request from <see cref="HttpContext.RequestServices"/> (use these for scoped services).
    /// </summary>
    /// <exception cref="InvalidOperationException">The class has no usable <c>InvokeAsync</c>, or a constructor parameter cannot be resolved.</exception>
    public static IPipelineBuilder Use<[DynamicallyAccessedMembers(MiddlewareActivator.Members)] TMiddleware>(this IPipelineBuilder builder, params object[] args) where TMiddleware : class
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(args);
        return builder.Use(MiddlewareActivator.Create(typeof(TMiddleware), builder.ApplicationServices, args));
    }

    /// <summary>
    /// Sends requests whose path starts with <paramref name="pathPrefix"/> (whole segments, case-insensitive:
    /// <c>/admin</c> matches <c>/admin</c> and <c>/Admin/users</c>, not <c>/administrator</c>) to a separate
    /// pipeline configured by <paramref name="configure"/>; they never come back to this one. A branch without
    /// its own <see cref="IPipelineBuilder.Run"/> answers 404.
    /// </summary>
    /// <remarks><see cref="HttpRequest.Path"/> is left unchanged inside the branch: handlers see the full path, prefix included.</remarks>
    /// <exception cref="ArgumentException"><paramref name="pathPrefix"/> does not start with '/'.</exception>
    public static IPipelineBuilder Map(this IPipelineBuilder builder, string pathPrefix, Action<IPipelineBuilder> configure)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(configure);
        var prefix = PathPrefix.Normalize(pathPrefix, nameof(pathPrefix));
        var branch = new PipelineBuilder(builder.ApplicationServices);
        configure(branch);
        var branchPipeline = branch.Build(branch.Terminal ?? PipelineBuilder.NotFound);
        return builder.Use(next => context => PathPrefix.Matches(context.Request.Path, prefix) ? branchPipeline(context) : next(context));
    }

    /// <summary>
    /// Runs the middleware configured by <paramref name="configure"/> for requests that satisfy
    /// <paramref name="predicate"/>, then continues with the rest of this pipeline (unless the branch answers
    /// the request itself or ends in its own <see cref="IPipelineBuilder.Run"/>). Other requests skip the branch.
    /// </summary>
    public static IPipelineBuilder UseWhen(this IPipelineBuilder builder, Func<HttpContext, bool> predicate, Action<IPipelineBuilder> configure)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(predicate);
        ArgumentNullException.ThrowIfNull(configure);
        var branch = new PipelineBuilder(builder.ApplicationServices);
        configure(branch);
        return builder.Use(next =>
        {
            var branchPipeline = branch.Build(branch.Terminal ?? next);
            return context => predicate(context) ? branchPipeline(context) : next(context);
        });
    }
}
