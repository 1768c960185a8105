using System.Diagnostics;
using System.Net;
using System.Text.RegularExpressions;
using MicroWeb;
using Microsoft.Extensions.Logging;

namespace MessageBoard.Tests.Cluster;

/// <summary>
/// One instance of the message board on 127.0.0.1: in this process (<see cref="MessageBoardApp.Build"/> + StartAsync)
/// or as a separate <c>dotnet MessageBoard.dll</c> process, so it can be killed with SIGKILL.
/// </summary>
internal abstract partial class BoardInstance : IAsyncDisposable
{
    private static readonly TimeSpan s_readyTimeout = TimeSpan.FromSeconds(30);

    protected BoardInstance(string name, int port)
    {
        Name = name;
        Port = port;
    }

    public string Name { get; }

    public int Port { get; }

    public Uri BaseAddress => new($"http://127.0.0.1:{Port}/");

    /// <summary>The board's settings as command-line arguments; <paramref name="port"/> 0 picks a free one.</summary>
    public static string[] Arguments(string name, int port, string connectionString, IReadOnlyList<string> keys) =>
    [
        "--contentRoot", BoardApp.SampleDirectory(),
        "--MessageBoard:Provider=postgres",
        "--ConnectionStrings:MessageBoard=" + connectionString,
        "--MessageBoard:InstanceName=" + name,
        "--Server:ShutdownDelay=00:00:02",
        "--Server:Urls=http://127.0.0.1:" + port,
        .. keys.Select((key, i) => $"--Security:Keys:{i}={key}"),
    ];

    /// <summary>Polls /readyz until it answers 200, up to a deadline.</summary>
    public async Task WaitUntilReadyAsync()
    {
        using var client = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(5) };
        using var deadline = new CancellationTokenSource(s_readyTimeout);
        while (true)
        {
            try
            {
                using var response = await client.GetAsync("/readyz", deadline.Token);
                if (response.StatusCode == HttpStatusCode.OK) return;
            }
            catch (HttpRequestException)
            {
                // Not listening (yet): try again after a short interval, bounded by the deadline.
            }
            catch (OperationCanceledException) when (deadline.IsCancellationRequested)
            {
                throw new TimeoutException($"Instance {Name} on port {Port} was not ready within {s_readyTimeout}.");
            }
            try
            {
                await Task.Delay(50, deadline.Token);
            }
            catch (OperationCanceledException)
            {
                throw new TimeoutException($"Instance {Name} on port {Port} was not ready within {s_readyTimeout}.");
            }
        }
    }

    public abstract ValueTask DisposeAsync();

    [GeneratedRegex(@"Now listening on: http://127\.0\.0\.1:(\d+)")]
    protected static partial Regex ListeningLine();
}

/// <summary>The board in this process; <see cref="StopAsync"/> is the graceful stop (readiness 503, delay, drain).</summary>
internal sealed class InProcessBoard : BoardInstance
{
    private InProcessBoard(string name, MicroWebApp app) : base(name, new Uri(app.Urls[0]).Port) => App = app;

    public MicroWebApp App { get; }

    public static async Task<InProcessBoard> StartAsync(string name, int port, string connectionString, IReadOnlyList<string> keys)
    {
        var app = MessageBoardApp.Build(Arguments(name, port, connectionString, keys), builder => builder.Logging.ClearProviders());
        try
        {
            await app.StartAsync();
        }
        catch
        {
            await app.DisposeAsync();
            throw;
        }
        var board = new InProcessBoard(name, app);
        await board.WaitUntilReadyAsync();
        return board;
    }

    public Task StopAsync() => App.StopAsync();

    public override ValueTask DisposeAsync() => App.DisposeAsync();
}

/// <summary>The board as a child process (<c>dotnet MessageBoard.dll</c>, copied next to the tests); <see cref="Kill"/> is SIGKILL.</summary>
internal sealed class ProcessBoard : BoardInstance
{
    private static readonly TimeSpan s_startTimeout = TimeSpan.FromSeconds(30);
    private readonly Process _process;

    private ProcessBoard(string name, int port, Process process) : base(name, port) => _process = process;

    public bool HasExited => _process.HasExited;

    public static async Task<ProcessBoard> StartAsync(string name, int port, string connectionString, IReadOnlyList<string> keys)
    {
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = AppContext.BaseDirectory,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "MessageBoard.dll"));
        foreach (string arg in Arguments(name, port, connectionString, keys)) start.ArgumentList.Add(arg);
        var process = Process.Start(start) ?? throw new InvalidOperationException("dotnet MessageBoard.dll did not start.");
        var output = new System.Collections.Concurrent.ConcurrentQueue<string>();
        var listening = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
        process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is null) return;
            output.Enqueue(e.Data);
            if (ListeningLine().Match(e.Data) is { Success: true } match) listening.TrySetResult(int.Parse(match.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture));
        };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) output.Enqueue(e.Data); };
        process.Exited += (_, _) => listening.TrySetException(new InvalidOperationException("MessageBoard exited:\n" + string.Join('\n', output)));
        process.EnableRaisingEvents = true;
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            var board = new ProcessBoard(name, await listening.Task.WaitAsync(s_startTimeout), process);
            await board.WaitUntilReadyAsync();
            return board;
        }
        catch (TimeoutException)
        {
            Kill(process);
            throw new TimeoutException($"MessageBoard did not listen within {s_startTimeout}:\n" + string.Join('\n', output));
        }
        catch
        {
            Kill(process);
            throw;
        }
    }

    /// <summary>SIGKILL: no drain, no goodbye; returns once the process is gone.</summary>
    public async Task KillAsync()
    {
        _process.Kill();
        await _process.WaitForExitAsync();
    }

    public override async ValueTask DisposeAsync()
    {
        Kill(_process);
        await _process.WaitForExitAsync();
        _process.Dispose();
    }

    private static void Kill(Process process)
    {
        if (!process.HasExited) process.Kill(entireProcessTree: true);
    }
}
