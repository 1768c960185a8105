using System.Collections.Concurrent;
using System.Net;
using MessageBoard.Data;
using MessageBoard.Tests.Support;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace MessageBoard.Tests;

/// <summary>The board on PostgreSQL: migrations at startup, a database outage and recovery, configuration mistakes, the instance header.</summary>
public sealed class PostgresBoardTests
{
    [Test]
    [CancelAfter(60_000)]
    public async Task Three_instances_migrating_a_fresh_database_together_make_one_schema_at_the_latest_version()
    {
        string connectionString = await SharedPostgres.CreateDatabaseAsync();
        // Three pools, as three processes would have.
        var dataSources = Enumerable.Range(0, 3).Select(_ => NpgsqlDataSource.Create(connectionString)).ToArray();
        try
        {
            await Task.WhenAll(dataSources.Select(dataSource => Task.Run(() => new PostgresDatabase(dataSource).MigrateAsync())));

            Assert.That(await VersionsAsync(dataSources[0]), Is.EqualTo(Enumerable.Range(1, PostgresDatabase.SchemaVersion)));
            Assert.That(await TablesAsync(dataSources[0]), Is.EqualTo(new[] { "messages", "schema_version", "users" }));

            await new PostgresDatabase(dataSources[1]).MigrateAsync();
            Assert.That(await VersionsAsync(dataSources[0]), Is.EqualTo(Enumerable.Range(1, PostgresDatabase.SchemaVersion)), "a later start changes nothing");
            await using var locks = dataSources[0].CreateCommand("SELECT COUNT(*) FROM pg_locks WHERE locktype = 'advisory'");
            Assert.That(await locks.ExecuteScalarAsync(), Is.EqualTo(0L), "every instance released the migration lock");
        }
        finally
        {
            foreach (var dataSource in dataSources) await dataSource.DisposeAsync();
        }
    }

    [Test]
    [CancelAfter(120_000)]
    public async Task During_a_database_outage_pages_are_a_styled_503_readiness_fails_and_the_board_recovers_by_itself()
    {
        await using var postgres = await TemporaryPostgres.StartNewAsync();
        string connectionString = await postgres.CreateDatabaseAsync();
        var logs = new WarningLog();
        await using var board = await BoardApp.StartAsync(
            builder => builder.Logging.AddProvider(logs),
            "--MessageBoard:Provider", "postgres", "--ConnectionStrings:MessageBoard", connectionString, "--MessageBoard:InstanceName", "board-1");
        var ada = await BoardApp.RegisterAsync(board, "ada");
        var anonymous = board.CreateClient();
        using (var up = await anonymous.GetAsync("/")) Assert.That(up.StatusCode, Is.EqualTo(HttpStatusCode.OK));

        await postgres.StopAsync();

        using (var page = await anonymous.GetAsync("/"))
        {
            string html = await page.Content.ReadAsStringAsync();
            Assert.That(page.StatusCode, Is.EqualTo(HttpStatusCode.ServiceUnavailable), () => string.Join("\n", logs.Warnings));
            Assert.That(html, Does.Contain("class=\"site-header\"").And.Contain("temporarily unavailable").And.Not.Contain("Exception"), "the board's own page, no stack trace");
            Assert.That(page.Content.Headers.ContentType?.MediaType, Is.EqualTo("text/html"));
            Assert.That(page.Headers.RetryAfter, Is.Not.Null);
            Assert.That(page.Headers.GetValues(MessageBoardApp.InstanceHeaderName), Is.EqualTo(new[] { "board-1" }));
        }
        using (var signedIn = await ada.GetAsync("/users/ada"))
        {
            Assert.That(signedIn.StatusCode, Is.EqualTo(HttpStatusCode.ServiceUnavailable), "the security stamp lookup is a database call too");
        }
        using (var ready = await anonymous.GetAsync("/readyz")) Assert.That(ready.StatusCode, Is.EqualTo(HttpStatusCode.ServiceUnavailable));
        using (var live = await anonymous.GetAsync("/healthz")) Assert.That(live.StatusCode, Is.EqualTo(HttpStatusCode.OK), "liveness asks no database: no restart");
        Assert.That(logs.Warnings, Has.Some.Contains("postgres database cannot be reached").And.Contains("GET /"));

        await postgres.StartAsync();

        using (var ready = await anonymous.GetAsync("/readyz")) Assert.That(ready.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        using (var page = await anonymous.GetAsync("/")) Assert.That(page.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        string adas = await ada.GetStringAsync("/users/ada");
        Assert.That(adas, Does.Contain("@ada"), "still signed in: nothing was lost");
    }

    [Test]
    public void An_unknown_provider_stops_startup_naming_the_key_and_the_choices()
    {
        var error = Assert.Throws<BoardConfigurationException>(() => MessageBoardApp.Build(["--contentRoot", BoardApp.SampleDirectory(), "--MessageBoard:Provider", "mysql"]));
        Assert.That(error!.Message, Does.Contain("MessageBoard:Provider").And.Contain("'mysql'").And.Contain("sqlite").And.Contain("postgres").And.Not.Contain("\n"));
    }

    [Test]
    public void Postgres_without_a_connection_string_stops_startup_naming_the_key_and_the_fix()
    {
        var error = Assert.Throws<BoardConfigurationException>(() => MessageBoardApp.Build(["--contentRoot", BoardApp.SampleDirectory(), "--MessageBoard:Provider", "postgres"]));
        Assert.That(error!.Message, Does.Contain("ConnectionStrings:MessageBoard").And.Contain("MICROWEB_ConnectionStrings__MessageBoard").And.Not.Contain("\n"));
    }

    [Test]
    public async Task The_instance_name_is_on_every_response_and_absent_when_not_configured()
    {
        await using (var named = new BoardHost(("MessageBoard:InstanceName", "web-2")))
        {
            var client = named.CreateClient();
            foreach (string path in new[] { "/", "/static/site.css", "/no-such-page", "/readyz" })
            {
                using var response = await client.GetAsync(path);
                Assert.That(response.Headers.TryGetValues(MessageBoardApp.InstanceHeaderName, out var values) ? values : [], Is.EqualTo(new[] { "web-2" }), path);
            }
        }
        await using var unnamed = new BoardHost();
        using var plain = await unnamed.CreateClient().GetAsync("/");
        Assert.That(plain.Headers.Contains(MessageBoardApp.InstanceHeaderName), Is.False);
    }

    private static async Task<List<int>> VersionsAsync(NpgsqlDataSource dataSource)
    {
        var versions = new List<int>();
        await using var command = dataSource.CreateCommand("SELECT version FROM schema_version ORDER BY version");
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync()) versions.Add(reader.GetInt32(0));
        return versions;
    }

    private static async Task<List<string>> TablesAsync(NpgsqlDataSource dataSource)
    {
        var tables = new List<string>();
        await using var command = dataSource.CreateCommand("SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' ORDER BY table_name");
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync()) tables.Add(reader.GetString(0));
        return tables;
    }

    /// <summary>The board's warnings and errors, as formatted, with their exceptions.</summary>
    private sealed class WarningLog : ILoggerProvider
    {
        public ConcurrentQueue<string> Warnings { get; } = new();

        public ILogger CreateLogger(string categoryName) => new Logger(Warnings);

        public void Dispose() { }

        private sealed class Logger(ConcurrentQueue<string> warnings) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

            public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Warning;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
            {
                if (logLevel >= LogLevel.Warning) warnings.Enqueue($"{logLevel}: {formatter(state, exception)} {exception}");
            }
        }
    }
}
