using System.Diagnostics;
using MicroWeb.Tests.Support;

namespace MicroWeb.Tests.Server;

/// <summary>Host, target and chunked-framing rules over a real socket: the right status, then the connection closes.</summary>
public class RequestTargetSocketTests
{
    private static Task<TestServer> StartAsync() =>
        TestServer.StartAsync(async context =>
        {
            using var sink = new MemoryStream();
            await context.Request.Body.CopyToAsync(sink);
            await context.Response.WriteAsync($"host={context.Request.Host} path={context.Request.Path} body={sink.Length}");
        });

    [Test]
    public async Task TLS_ClientHello_on_the_HTTP_port_gets_400_and_close_at_once()
    {
        await using var server = await StartAsync();
        using var connection = await server.ConnectAsync();
        // The start of a TLS 1.2/1.3 ClientHello record: handshake (0x16), version 3.1, length, ClientHello (0x01).
        var stopwatch = Stopwatch.StartNew();
        await connection.SendAsync([0x16, 0x03, 0x01, 0x02, 0x00, 0x01, 0x00, 0x01, 0xFC, 0x03, 0x03]);
        var response = await connection.ReadResponseAsync();
        stopwatch.Stop();
        Assert.That(response.StatusCode, Is.EqualTo(400));
        Assert.That(response.BodyText, Does.Contain("TLS handshake"));
        Assert.That(stopwatch.Elapsed, Is.LessThan(TimeSpan.FromSeconds(2)), "answered as the bytes arrive, not at the 30 s header timeout");
        Assert.That(await connection.IsClosedByServerAsync(), Is.True);
        Assert.That(server.Logs.Entries, Has.Some.Matches<(Microsoft.Extensions.Logging.LogLevel Level, string Category, string Message, Exception? Exception)>(
            e => e.Level == Microsoft.Extensions.Logging.LogLevel.Information && e.Message.Contains("a TLS handshake reached a plain-HTTP endpoint")));
    }

    [Test]
    public async Task Absolute_form_target_sets_the_Host()
    {
        await using var server = await StartAsync();
        using var connection = await server.ConnectAsync();
        await connection.SendAsync("GET http://example.com:8080/where HTTP/1.1\r\nHost: ignored.example\r\n\r\n");
        var response = await connection.ReadResponseAsync();
        Assert.That(response.StatusCode, Is.EqualTo(200));
        Assert.That(response.BodyText, Is.EqualTo("host=example.com:8080 path=/where body=0"));
    }

    [TestCase("GET /page#frag HTTP/1.1\r\nHost: a\r\n\r\n", TestName = "Fragment_in_target_gets_400_and_close")]
    [TestCase("GET /a%0d%0aX:%20y HTTP/1.1\r\nHost: a\r\n\r\n", TestName = "Encoded_CRLF_in_path_gets_400_and_close")]
    [TestCase("GET / HTTP/1.1\r\nHost: user@a\r\n\r\n", TestName = "Host_with_userinfo_gets_400_and_close")]
    [TestCase("POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n5;ext\nhello\r\n0\r\n\r\n", TestName = "Bare_LF_after_chunk_extension_gets_400_and_close")]
    [TestCase("POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n5\r\r\nhello\r\n0\r\n\r\n", TestName = "Lone_CR_in_chunk_size_line_gets_400_and_close")]
    [TestCase("POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n0\r\nX: y\n\r\n", TestName = "Bare_LF_in_trailer_gets_400_and_close")]
    [TestCase("POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n5;\r\nhello\r\n0\r\n\r\n", TestName = "Bare_semicolon_chunk_extension_gets_400_and_close")]
    public async Task Bad_target_host_or_chunk_framing_gets_400_and_close(string request)
    {
        await using var server = await StartAsync();
        using var connection = await server.ConnectAsync();
        await connection.SendAsync(request);
        var response = await connection.ReadResponseAsync();
        Assert.That(response.StatusCode, Is.EqualTo(400), response.BodyText);
        Assert.That(response.Header("Connection"), Is.EqualTo("close"));
        Assert.That(await connection.IsClosedByServerAsync(), Is.True, "the server closes after an error response");
    }
}
