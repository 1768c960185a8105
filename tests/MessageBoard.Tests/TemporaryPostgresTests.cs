using MessageBoard.Tests.Support;
using Npgsql;

namespace MessageBoard.Tests;

/// <summary>The test support itself: a temporary PostgreSQL starts, answers, stops, starts again and cleans up.</summary>
public sealed class TemporaryPostgresTests
{
    [Test]
    public async Task A_temporary_server_answers_stops_restarts_and_leaves_nothing_behind()
    {
        var server = await TemporaryPostgres.StartNewAsync();
        string root;
        await using (server)
        {
            string connectionString = await server.CreateDatabaseAsync();
            Assert.That(await ScalarAsync(connectionString, "SELECT current_database()"), Does.StartWith("board_"));
            root = Path.GetDirectoryName((string)(await ScalarAsync(connectionString, "SELECT current_setting('data_directory')"))!)!;

            await server.StopAsync();
            NpgsqlConnection.ClearAllPools();
            await Assert.ThrowsAsync(Is.InstanceOf<NpgsqlException>(), () => ScalarAsync(connectionString, "SELECT 1"));

            await server.StartAsync();
            Assert.That(await ScalarAsync(connectionString, "SELECT 1"), Is.EqualTo(1));
        }
        Assert.That(Directory.Exists(root), Is.False, "the data folder is deleted");
    }

    private static async Task<object?> ScalarAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return await command.ExecuteScalarAsync();
    }
}
