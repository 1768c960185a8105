using System.Diagnostics;
using System.Text.RegularExpressions;

namespace MicroWeb.Tests.Middleware.StaticFiles;

/// <summary>curl as an independent client for static files: ranges, validators and compression.</summary>
public class StaticFileCurlTests
{
    private static async Task<string> CurlAsync(params string[] args)
    {
        using var process = Process.Start(new ProcessStartInfo("curl", args) { RedirectStandardOutput = true, RedirectStandardError = true })!;
        var output = await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();
        Assert.That(process.ExitCode, Is.Zero, await process.StandardError.ReadToEndAsync());
        return output;
    }

    [OneTimeSetUp]
    public void RequireCurl()
    {
        var found = Environment.GetEnvironmentVariable("PATH")!.Split(':').Any(dir => File.Exists(Path.Combine(dir, "curl")));
        if (!found) Assert.Ignore("curl is not installed (CI installs it with apt-get)");
    }

    [Test]
    public async Task Curl_gets_ranges_revalidates_with_etags_and_decompresses()
    {
        using var dir = StaticFileTestHost.CreateSite();
        var text = string.Concat(Enumerable.Repeat("0123456789", 200));
        dir.Write("static/digits.txt", text);
        await using var server = await StaticFileTestHost.StartAsync(dir, before: app => app.UseResponseCompression());
        var url = server.BaseAddress + "static/digits.txt";

        Assert.That(await CurlAsync("-sS", "-r", "10-14", url), Is.EqualTo("01234"));
        Assert.That(await CurlAsync("-sS", "-r", "-3", url), Is.EqualTo("789"));

        var head = await CurlAsync("-sS", "-I", url);
        Assert.That(head, Does.StartWith("HTTP/1.1 200 OK").And.Contain("Content-Length: 2000").And.Contain("Accept-Ranges: bytes"));
        var etag = Regex.Match(head, "ETag: (\"[^\"]+\")").Groups[1].Value;
        Assert.That(await CurlAsync("-sS", "-o", "/dev/null", "-w", "%{http_code}", "-H", "If-None-Match: " + etag, url), Is.EqualTo("304"));

        Assert.That(await CurlAsync("-sS", "--compressed", url), Is.EqualTo(text));
        var compressedHead = await CurlAsync("-sS", "-o", "/dev/null", "-D", "-", "-H", "Accept-Encoding: gzip", url);
        Assert.That(compressedHead, Does.Contain("Content-Encoding: gzip").And.Contain("Vary: Accept-Encoding"));
    }
}
