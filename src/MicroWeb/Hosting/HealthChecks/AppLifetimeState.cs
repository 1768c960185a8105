namespace MicroWeb.Hosting.HealthChecks;

/// <summary>Whether the app has begun to stop; set by <see cref="MicroWebApp.StopAsync"/>, read by readiness endpoints.</summary>
internal sealed class AppLifetimeState
{
    private int _stopping;

    public bool IsStopping => Volatile.Read(ref _stopping) != 0;

    /// <summary>Marks the app stopping; true only for the first caller, which is the one that waits out the shutdown delay.</summary>
    public bool TryMarkStopping() => Interlocked.Exchange(ref _stopping, 1) == 0;
}
