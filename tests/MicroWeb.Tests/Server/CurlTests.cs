using System.Diagnostics;
using MicroWeb.Tests.Support;

namespace MicroWeb.Tests.Server;

/// <summary>curl as an independent HTTP client implementation.</summary>
public class CurlTests
{
    private static async Task<(int ExitCode, string Output)> CurlAsync(params string[] args)
    {
        using var process = Process.Start(new ProcessStartInfo("curl", args) { RedirectStandardOutput = true, RedirectStandardError = true })!;
        var output = await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, output);
    }

    [OneTimeSetUp]
    public void RequireCurl()
    {
        var found = Environment.GetEnvironmentVariable("PATH")!.Split(':').Any(dir => File.Exists(Path.Combine(dir, "curl")));
        if (!found) Assert.Ignore("curl is not installed (CI installs it with apt-get)");
    }

    [Test]
    public async Task Curl_gets_keep_alive_responses_and_uploads_chunked()
    {
        await using var server = await TestServer.StartAsync(async context =>
        {
            using var reader = new StreamReader(context.Request.Body);
            var body = await reader.ReadToEndAsync();
            await context.Response.WriteAsync($"{context.Request.Method} {context.Request.Path} [{body}]\n");
        });
        var url = server.BaseAddress.ToString();

        var (code, output) = await CurlAsync("-sS", url + "a", url + "b");
        Assert.That(code, Is.Zero);
        Assert.That(output, Is.EqualTo("GET /a []\nGET /b []\n"));

        (code, output) = await CurlAsync("-sS", "-H", "Transfer-Encoding: chunked", "--data-binary", "hello curl", url + "up");
        Assert.That(code, Is.Zero);
        Assert.That(output, Is.EqualTo("POST /up [hello curl]\n"));

        (code, output) = await CurlAsync("-sS", "-I", url + "head");
        Assert.That(output, Does.StartWith("HTTP/1.1 200 OK").And.Contain("Content-Length: 14"));

        (code, output) = await CurlAsync("-sS", "--http1.0", url + "ten");
        Assert.That(output, Is.EqualTo("GET /ten []\n"));
    }
}
