using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace MicroWeb.Tests.Hosting;

/// <summary>The Hello sample, run as a process, failing to start: one line on stderr and exit code 1.</summary>
public class StartupFailureProcessTests
{
    [Test]
    public async Task A_port_in_use_is_one_line_naming_the_port_and_the_fix()
    {
        using var taken = new Socket(SocketType.Stream, ProtocolType.Tcp);
        taken.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        taken.Listen();
        var port = ((IPEndPoint)taken.LocalEndPoint!).Port;
        var (exitCode, stderr) = await RunHelloAsync("--urls", $"http://127.0.0.1:{port}");
        AssertOneLine(exitCode, stderr, $"Hello: Port {port} is in use (http://127.0.0.1:{port}): stop the other process, or pass --port N or set Server:Port.");
    }

    [Test]
    public async Task A_bad_value_is_one_line_naming_the_key_and_the_switch()
    {
        var (exitCode, stderr) = await RunHelloAsync("--Server:Port", "abc");
        AssertOneLine(exitCode, stderr, "Hello: Invalid configuration value 'abc' for 'Server:Port' (from --Server:Port): expected a whole number from 0 to 65535.");
    }

    [Test]
    public async Task A_misspelt_section_is_one_line_with_the_section_meant()
    {
        var (exitCode, stderr) = await RunHelloAsync("--Sever:Port", "1");
        AssertOneLine(exitCode, stderr, "Hello: Unknown configuration section 'Sever' (from --Sever:Port): did you mean 'Server'?");
    }

    [Test]
    public async Task Verbose_adds_the_stack_trace()
    {
        var (exitCode, stderr) = await RunHelloAsync("--Server:Port", "abc", "--verbose");
        var lines = stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.Multiple(() =>
        {
            Assert.That(exitCode, Is.EqualTo(1));
            Assert.That(lines[0], Does.StartWith("Hello: Invalid configuration value 'abc' for 'Server:Port'"));
            Assert.That(lines, Has.Some.StartsWith("at MicroWeb.MicroWebAppBuilder.Build()"));
        });
    }

    private static void AssertOneLine(int exitCode, string stderr, string expected)
    {
        var lines = stderr.Split('\n').Select(l => l.TrimEnd('\r')).Where(l => l.Length > 0).ToList();
        Assert.Multiple(() =>
        {
            Assert.That(exitCode, Is.EqualTo(1), stderr);
            Assert.That(lines, Is.EqualTo(new[] { expected }), "one line, no stack trace");
            Assert.That(stderr, Does.Not.Contain("   at "));
        });
    }

    /// <summary>Runs the Hello sample (copied next to the tests) until it exits; returns its exit code and stderr.</summary>
    private static async Task<(int ExitCode, string Stderr)> RunHelloAsync(params string[] arguments)
    {
        var dll = Path.Combine(TestContext.CurrentContext.TestDirectory, "Hello.dll");
        Assert.That(File.Exists(dll), Is.True, $"the Hello sample is copied next to the tests ({dll})");
        using var process = Process.Start(new ProcessStartInfo("dotnet", ["exec", dll, .. arguments])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = Path.GetTempPath(),
        })!;
        try
        {
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(30));
            await stdout;
            return (process.ExitCode, await stderr);
        }
        finally
        {
            if (!process.HasExited) process.Kill(entireProcessTree: true);
        }
    }
}
