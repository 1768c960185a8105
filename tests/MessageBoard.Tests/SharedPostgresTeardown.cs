using MessageBoard.Tests.Support;

namespace MessageBoard.Tests;

/// <summary>
/// Stops the shared PostgreSQL server once every test has run. In this namespace, not Support's: a set-up fixture
/// covers only the tests of its own namespace and those below it.
/// </summary>
[SetUpFixture]
public sealed class SharedPostgresTeardown
{
    [OneTimeTearDown]
    public Task StopSharedPostgres() => SharedPostgres.StopAsync();
}
