namespace MessageBoard.Data;

/// <summary>
/// What the rest of the board needs of its database whatever the provider: a readiness probe, and telling a database
/// that cannot be reached (answered with a 503 page) from a bug (a 500).
/// </summary>
public interface IBoardDatabase
{
    /// <summary>The provider's name as configured: <c>sqlite</c> or <c>postgres</c>.</summary>
    string Provider { get; }

    /// <summary>Runs a trivial query; throws when the database does not answer.</summary>
    Task PingAsync(CancellationToken cancellationToken);

    /// <summary>
    /// True when <paramref name="exception"/> means the database cannot be reached (down, restarting, unreachable);
    /// the provider may drop pooled connections that will not work again.
    /// </summary>
    bool IsUnavailable(Exception exception);
}
