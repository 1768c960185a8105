using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace MessageBoard.Data;

/// <summary>Readiness: the board is ready when its database answers a query.</summary>
public sealed class DatabaseHealthCheck(SqliteDatabase database) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        await using var connection = database.Open();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT 1";
        await command.ExecuteScalarAsync(cancellationToken);
        return HealthCheckResult.Healthy("The database answers.");
    }
}
