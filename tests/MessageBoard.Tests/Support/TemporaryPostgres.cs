using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Npgsql;

namespace MessageBoard.Tests.Support;

/// <summary>
/// A throwaway PostgreSQL server for tests: its own data and socket folders in a temporary folder, a free port on
/// 127.0.0.1, trust authentication for the <c>postgres</c> user. Runs the server binaries as the <c>postgres</c> system
/// user when the tests run as root (PostgreSQL refuses to run as root). <c>pg_ctl -w</c> waits for readiness; no sleeps.
/// Tests that need one call <see cref="StartNewAsync"/>, which reports the test Ignored when PostgreSQL is not installed.
/// </summary>
internal sealed class TemporaryPostgres : IAsyncDisposable
{
    private static readonly TimeSpan CommandTimeout = TimeSpan.FromSeconds(60);
    private readonly string _bin;
    private readonly string _root;
    private readonly string _data;
    private readonly string _sockets;
    private bool _running;

    private TemporaryPostgres(string bin, string root, int port)
    {
        _bin = bin;
        _root = root;
        _data = Path.Combine(root, "data");
        _sockets = Path.Combine(root, "sockets");
        Port = port;
    }

    public int Port { get; }

    /// <summary>The connection string of the <c>postgres</c> maintenance database.</summary>
    public string AdminConnectionString => ConnectionString("postgres");

    public string ConnectionString(string database) =>
        new NpgsqlConnectionStringBuilder { Host = "127.0.0.1", Port = Port, Username = "postgres", Database = database, Timeout = 5 }.ToString();

    /// <summary>The folder holding initdb and pg_ctl, or null when PostgreSQL is not installed.</summary>
    public static string? FindBinaries()
    {
        var candidates = new List<string>();
        if (Directory.Exists("/usr/lib/postgresql"))
        {
            // Newest major version first: /usr/lib/postgresql/15/bin, /usr/lib/postgresql/16/bin, ...
            candidates.AddRange(Directory.GetDirectories("/usr/lib/postgresql")
                .OrderByDescending(dir => int.TryParse(Path.GetFileName(dir), out int major) ? major : 0)
                .Select(dir => Path.Combine(dir, "bin")));
        }
        candidates.AddRange((Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries));
        return candidates.FirstOrDefault(dir => File.Exists(Path.Combine(dir, "initdb")) && File.Exists(Path.Combine(dir, "pg_ctl")));
    }

    /// <summary>Initialises and starts a new server; Ignores the calling test when PostgreSQL is not installed.</summary>
    public static async Task<TemporaryPostgres> StartNewAsync()
    {
        string bin = FindBinaries() ?? IgnoreTest();
        string root = Path.Combine(Path.GetTempPath(), $"microweb-pg-{Guid.NewGuid():N}");
        var server = new TemporaryPostgres(bin, root, FreePort());
        try
        {
            Directory.CreateDirectory(server._sockets);
            if (IsRoot) await RunAsync("chown", ["-R", "postgres:postgres", root]);
            await server.RunPostgresToolAsync("initdb", ["-D", server._data, "-A", "trust", "-U", "postgres", "-E", "UTF8", "--no-sync"]);
            await server.StartAsync();
            return server;
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }
    }

    /// <summary>Starts the server (again, after <see cref="StopAsync"/>) on the same port; returns once it accepts connections.</summary>
    public async Task StartAsync()
    {
        string options = $"-p {Port} -k {_sockets} -c listen_addresses=127.0.0.1 -c fsync=off";
        await RunPostgresToolAsync("pg_ctl", ["-D", _data, "-l", Path.Combine(_root, "server.log"), "-o", options, "-w", "-t", "60", "start"]);
        _running = true;
    }

    /// <summary>Stops the server (fast: open sessions are ended); returns once it is down.</summary>
    public async Task StopAsync()
    {
        await RunPostgresToolAsync("pg_ctl", ["-D", _data, "-m", "fast", "-w", "-t", "60", "stop"]);
        _running = false;
    }

    /// <summary>Creates an empty database and returns its connection string.</summary>
    public async Task<string> CreateDatabaseAsync(string? name = null)
    {
        name ??= $"board_{Guid.NewGuid():N}";
        await using var connection = new NpgsqlConnection(AdminConnectionString);
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        // An identifier cannot be a parameter; the name is ours (letters, digits, underscores), quoted anyway.
        command.CommandText = $"CREATE DATABASE \"{name}\"";
        await command.ExecuteNonQueryAsync();
        return ConnectionString(name);
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            NpgsqlConnection.ClearAllPools();
            if (_running) await StopAsync();
        }
        finally
        {
            if (Directory.Exists(_root)) Directory.Delete(_root, recursive: true);
        }
    }

    private static bool IsRoot => Environment.UserName == "root";

    private Task RunPostgresToolAsync(string tool, IReadOnlyList<string> args)
    {
        string path = Path.Combine(_bin, tool);
        return IsRoot ? RunAsync("runuser", ["-u", "postgres", "--", path, .. args]) : RunAsync(path, args);
    }

    private static async Task RunAsync(string file, IReadOnlyList<string> args)
    {
        var start = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (string arg in args) start.ArgumentList.Add(arg);
        using var process = Process.Start(start) ?? throw new InvalidOperationException("Could not start " + file);
        using var timeout = new CancellationTokenSource(CommandTimeout);
        var stdout = process.StandardOutput.ReadToEndAsync(timeout.Token);
        var stderr = process.StandardError.ReadToEndAsync(timeout.Token);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{file} {string.Join(' ', args)} did not finish within {CommandTimeout.TotalSeconds} s.");
        }
        string output = await stdout + await stderr;
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{file} {string.Join(' ', args)} exited with {process.ExitCode}:\n{output}");
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static string IgnoreTest()
    {
        Assert.Ignore("PostgreSQL is not installed: these tests need initdb and pg_ctl in /usr/lib/postgresql/*/bin or on PATH (Debian: postgresql; .ci/run installs it).");
        return "";
    }
}
