using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace MessageBoard.Data;

/// <summary>Readiness: the board is ready when its database, SQLite or PostgreSQL, answers a query.</summary>
public sealed class DatabaseHealthCheck(IBoardDatabase database) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        await database.PingAsync(cancellationToken);
        return HealthCheckResult.Healthy($"The database ({database.Provider}) answers.");
    }
}
