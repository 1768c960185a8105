namespace MessageBoard.Tests.Support;

/// <summary>
/// One <see cref="TemporaryPostgres"/> for the test run, started by the first test that asks for a database and
/// stopped after the last test; each test gets its own database in it. Tests that stop the server start their own.
/// </summary>
internal static class SharedPostgres
{
    private static readonly SemaphoreSlim Gate = new(1, 1);
    private static TemporaryPostgres? s_server;

    /// <summary>A new empty database on the shared server; Ignores the test when PostgreSQL is not installed.</summary>
    public static async Task<string> CreateDatabaseAsync()
    {
        if (TemporaryPostgres.FindBinaries() is null) await TemporaryPostgres.StartNewAsync(); // Ignores the test.
        await Gate.WaitAsync();
        try
        {
            s_server ??= await TemporaryPostgres.StartNewAsync();
        }
        finally
        {
            Gate.Release();
        }
        return await s_server.CreateDatabaseAsync();
    }

    internal static async Task StopAsync()
    {
        if (s_server is { } server)
        {
            s_server = null;
            await server.DisposeAsync();
        }
    }
}
