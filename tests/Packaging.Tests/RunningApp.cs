using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Packaging.Tests;

/// <summary>A built app started as its own process; stopped with SIGTERM like a service manager would.</summary>
internal sealed class RunningApp : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();
    private readonly TaskCompletionSource<Uri> _listening = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private RunningApp(Process process)
    {
        _process = process;
        process.OutputDataReceived += (_, e) =>
        {
            lock (_output) _output.AppendLine(e.Data);
            // The server logs "Now listening on: http://127.0.0.1:40123" once per bound address (src/MicroWeb/Server/HttpServer.cs).
            const string Listening = "Now listening on: ";
            var at = e.Data?.IndexOf(Listening, StringComparison.Ordinal) ?? -1;
            if (at >= 0) _listening.TrySetResult(new Uri(e.Data![(at + Listening.Length)..].Trim()));
        };
        process.ErrorDataReceived += (_, e) => { lock (_output) _output.AppendLine(e.Data); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    public string Output { get { lock (_output) return _output.ToString(); } }

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>Starts <paramref name="dll"/> in <paramref name="contentRoot"/> and waits until <paramref name="url"/> answers.</summary>
    public static async Task<RunningApp> StartAsync(string dll, string contentRoot, Uri url, params string[] arguments)
    {
        var app = new RunningApp(DotnetCli.Start("dotnet", [dll, .. arguments], contentRoot));
        using var client = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < TimeSpan.FromSeconds(60))
        {
            if (app._process.HasExited)
                Assert.Fail($"the app exited with code {app._process.ExitCode} before answering:\n{app.Output}");
            try
            {
                using var response = await client.GetAsync(url);
                return app;
            }
            catch (HttpRequestException)
            {
                await Task.Delay(200);
            }
        }
        await app.DisposeAsync();
        Assert.Fail($"the app did not answer {url} within 60 s:\n{app.Output}");
        return app;
    }

    /// <summary>
    /// Starts <paramref name="fileName"/> (e.g. <c>dotnet run</c>, which builds first) and returns once the app logs the
    /// first address it listens on, which is how a port-0 app tells where it is.
    /// </summary>
    public static async Task<(RunningApp App, Uri Url)> StartUntilListeningAsync(string fileName, IEnumerable<string> arguments,
        string workingDirectory, IReadOnlyDictionary<string, string?> environment)
    {
        var app = new RunningApp(DotnetCli.Start(fileName, arguments, workingDirectory, environment));
        try
        {
            var first = await Task.WhenAny(app._listening.Task, app._process.WaitForExitAsync()).WaitAsync(TimeSpan.FromMinutes(8));
            if (first != app._listening.Task)
                Assert.Fail($"{fileName} {string.Join(' ', arguments)} exited with code {app._process.ExitCode} before listening:\n{app.Output}");
            return (app, await app._listening.Task);
        }
        catch
        {
            await app.DisposeAsync();
            throw;
        }
    }

    /// <summary>Sends SIGTERM and returns the exit code of the graceful shutdown.</summary>
    public async Task<int> StopAsync()
    {
        using (var kill = Process.Start("kill", ["-TERM", _process.Id.ToString()])) await kill.WaitForExitAsync();
        await _process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(20));
        return _process.ExitCode;
    }

    public ValueTask DisposeAsync()
    {
        if (!_process.HasExited) _process.Kill(entireProcessTree: true);
        _process.Dispose();
        return ValueTask.CompletedTask;
    }
}
