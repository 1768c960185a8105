using MicroWeb.Tests.Support;
using Microsoft.Extensions.Logging;
using static MicroWeb.Tests.Middleware.StaticFiles.StaticFileTestHost;

namespace MicroWeb.Tests.Middleware.StaticFiles;

/// <summary>Malformed conditional, range and content-coding headers on a static file: ignored or 416, never a 500.</summary>
public class HostileHeaderTests
{
    private static readonly string[] s_headers =
    [
        "Range: bytes=-0", "Range: bytes=9999999999999999999-", "Range: bytes=-9999999999999999999", "Range: bytes=5-1",
        "Range: bytes=--1", "Range: bytes=-", "Range: bytes=0-9223372036854775807", "Range: bytes=9223372036854775807-",
        "Range: bytes=\u00e9-", "Range: bytes=0-0,1-1", "Range: items=0-1", "Range: bytes=", "Range: bytes=0-1\r\nRange: bytes=2-3",
        "If-Modified-Since: Mon, 99 Foo 2024 99:99:99 GMT", "If-Modified-Since: \u00ff", "If-Unmodified-Since: 0",
        "If-None-Match: \"", "If-None-Match: W/", "If-None-Match: ,,,", "If-Match: \"x", "If-Range: \"", "If-Range: W/\"x\"\r\nRange: bytes=0-1",
        "If-Range: Mon, 99 Foo 2024\r\nRange: bytes=0-1", "Accept-Encoding: gzip;q=", "Accept-Encoding: br;q=1e999", "Accept-Encoding: gzip;q=-1",
        "Accept-Encoding: ;;;,,,", "Accept-Encoding: br;q=NaN", "Accept-Encoding: *;q=0.5;q=2", "Accept-Encoding: \u00e9",
    ];

    [Test]
    public async Task Malformed_headers_on_a_static_file_are_ignored_or_a_4xx_and_log_no_error()
    {
        using var dir = CreateSite();
        dir.Write("static/site.css", new string('x', 2000));
        await using var server = await StartAsync(dir, before: app => app.UseResponseCompression());

        foreach (string header in s_headers)
        {
            RawResponse response = await RawAsync(server, "/static/site.css", extraHeaders: header + "\r\n");
            Assert.That(response.StatusCode, Is.AnyOf(200, 206, 304, 412, 416), header);
        }

        Assert.That(server.Logs.Entries.Where(e => e.Level >= LogLevel.Error).Select(e => e.Message + e.Exception), Is.Empty);
    }
}
