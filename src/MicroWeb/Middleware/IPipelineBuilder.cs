namespace MicroWeb;

/// <summary>
/// Something middleware can be added to: the app itself, or a branch created by <c>Map</c> or <c>UseWhen</c>.
/// The convenience forms of <c>Use</c> are extension methods on this interface, so they work on both.
/// </summary>
public interface IPipelineBuilder
{
    /// <summary>The application's root services (for middleware constructed with dependency injection).</summary>
    IServiceProvider ApplicationServices { get; }

    /// <summary>Adds middleware in its most general form: a function from the rest of the pipeline to a new handler. Runs in registration order.</summary>
    IPipelineBuilder Use(Func<RequestDelegate, RequestDelegate> middleware);

    /// <summary>Sets the terminal handler: it answers every request that reaches the end of this pipeline.</summary>
    void Run(RequestDelegate handler);
}
