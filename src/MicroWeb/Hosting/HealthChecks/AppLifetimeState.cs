namespace MicroWeb.Hosting.HealthChecks;

/// <summary>Whether the app has begun to stop; set by <see cref="MicroWebApp.StopAsync"/>, read by readiness endpoints.</summary>
internal sealed class AppLifetimeState
{
    private readonly CancellationTokenSource _stoppingSource = new();
    private int _stopping;

    public bool IsStopping => Volatile.Read(ref _stopping) != 0;

    /// <summary>Fires when the app begins to stop, before the shutdown delay: for work that never ends by itself (live reload's event streams).</summary>
    public CancellationToken Stopping => _stoppingSource.Token;

    /// <summary>Marks the app stopping; true only for the first caller, which is the one that waits out the shutdown delay.</summary>
    public bool TryMarkStopping()
    {
        if (Interlocked.Exchange(ref _stopping, 1) != 0) return false;
        _stoppingSource.Cancel();
        return true;
    }
}
