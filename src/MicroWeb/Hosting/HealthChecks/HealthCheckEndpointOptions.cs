using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace MicroWeb;

/// <summary>What a health endpoint mapped with <c>MapHealthChecks</c> runs and reports.</summary>
/// <example>
/// The usual pair for a load balancer or an orchestrator:
/// <code>
/// app.MapHealthChecks("/healthz", new() { Predicate = _ => false });      // liveness: the process answers
/// app.MapHealthChecks("/readyz", new() { FailWhenStopping = true });      // readiness: every check, 503 while draining
/// </code>
/// </example>
public sealed class HealthCheckEndpointOptions
{
    /// <summary>Which registered checks run; <see langword="null"/> (the default) runs them all, <c>_ =&gt; false</c> none.</summary>
    public Func<HealthCheckRegistration, bool>? Predicate { get; set; }

    /// <summary>
    /// Report 503 <c>Unhealthy</c> once the app has begun to stop, while it still serves for
    /// <see cref="ServerOptions.ShutdownDelay"/>, so a load balancer takes it out of rotation before it stops
    /// accepting. Set it on the readiness endpoint, not on liveness. Default <see langword="false"/>.
    /// </summary>
    public bool FailWhenStopping { get; set; }
}
