using MicroWeb.Tests.Support;

namespace MicroWeb.Tests.Server;

/// <summary>Malformed and hostile requests over a raw socket: the right status, then the connection closes.</summary>
public class ProtocolErrorTests
{
    private static Task<TestServer> StartAsync(Action<ServerOptions>? configure = null) =>
        TestServer.StartAsync(async context =>
        {
            using var sink = new MemoryStream();
            await context.Request.Body.CopyToAsync(sink);
            await context.Response.WriteAsync($"handled {sink.Length}");
        }, configure);

    [TestCase("GET / HTTP/1.1\r\n\r\n", 400, TestName = "Missing_Host_gets_400_and_close")]
    [TestCase("GET / HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n", 400, TestName = "Duplicate_Host_gets_400_and_close")]
    [TestCase("GET / HTTP/9.9\r\nHost: a\r\n\r\n", 505, TestName = "Unknown_version_gets_505_and_close")]
    [TestCase("GET /%zz HTTP/1.1\r\nHost: a\r\n\r\n", 400, TestName = "Bad_percent_escape_gets_400_and_close")]
    [TestCase("GET / HTTP/1.1\r\nHost : a\r\n\r\n", 400, TestName = "Space_before_colon_gets_400_and_close")]
    [TestCase("GET / HTTP/1.1\r\nHost: a\r\nX: 1\r\n  folded\r\n\r\n", 400, TestName = "Obs_fold_gets_400_and_close")]
    [TestCase("garbage\r\n\r\n", 400, TestName = "Garbage_request_line_gets_400_and_close")]
    [TestCase("POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 4\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n", 400, TestName = "CL_TE_smuggling_attempt_gets_400_and_close")]
    [TestCase("POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\nContent-Length: 4\r\n\r\n0\r\n\r\n", 400, TestName = "TE_CL_smuggling_attempt_gets_400_and_close")]
    [TestCase("POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 4\r\nContent-Length: 5\r\n\r\nabcde", 400, TestName = "Conflicting_Content_Length_gets_400_and_close")]
    [TestCase("POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: gzip, chunked\r\n\r\n0\r\n\r\n", 501, TestName = "Unsupported_transfer_coding_gets_501_and_close")]
    [TestCase("POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\nhello\r\n0\r\n\r\n", 400, TestName = "Invalid_chunk_size_gets_400_and_close")]
    [TestCase("POST / HTTP/1.0\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n", 400, TestName = "Chunked_in_HTTP10_gets_400_and_close")]
    [TestCase("GET / HTTP/1.1\nHost: a\n\n", 400, TestName = "Bare_LF_line_endings_get_400_and_close")]
    public async Task Malformed_request_gets_status_and_connection_close(string request, int status)
    {
        await using var server = await StartAsync();
        using var connection = await server.ConnectAsync();
        await connection.SendAsync(request);
        var response = await connection.ReadResponseAsync();
        Assert.That(response.StatusCode, Is.EqualTo(status), response.BodyText);
        Assert.That(response.Header("Connection"), Is.EqualTo("close"));
        Assert.That(await connection.IsClosedByServerAsync(), Is.True, "the server closes after an error response");
    }

    [Test]
    public async Task Smuggled_second_request_is_never_processed()
    {
        await using var server = await StartAsync();
        using var connection = await server.ConnectAsync();
        await connection.SendAsync("POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 40\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\nGET /admin HTTP/1.1\r\nHost: a\r\n\r\n");
        var response = await connection.ReadResponseAsync();
        Assert.That(response.StatusCode, Is.EqualTo(400));
        Assert.That(await connection.IsClosedByServerAsync(), Is.True);
    }

    [Test]
    public async Task Long_request_line_gets_414()
    {
        await using var server = await StartAsync(o => o.MaxRequestLineSize = 1024);
        using var connection = await server.ConnectAsync();
        await connection.SendAsync($"GET /{new string('a', 2000)} HTTP/1.1\r\nHost: a\r\n\r\n");
        var response = await connection.ReadResponseAsync();
        Assert.That(response.StatusCode, Is.EqualTo(414));
        Assert.That(await connection.IsClosedByServerAsync(), Is.True);
    }

    [Test]
    public async Task Default_limits_reject_a_request_line_over_8_KiB_and_headers_over_32_KiB()
    {
        await using var server = await StartAsync();
        using (var connection = await server.ConnectAsync())
        {
            await connection.SendAsync($"GET /{new string('a', 9000)} HTTP/1.1\r\nHost: a\r\n\r\n");
            Assert.That((await connection.ReadResponseAsync()).StatusCode, Is.EqualTo(414));
        }
        using (var connection = await server.ConnectAsync())
        {
            await connection.SendAsync($"GET / HTTP/1.1\r\nHost: a\r\nX-Big: {new string('a', 33 * 1024)}\r\n\r\n");
            Assert.That((await connection.ReadResponseAsync()).StatusCode, Is.EqualTo(431));
        }
    }

    [Test]
    public async Task Too_many_headers_get_431()
    {
        await using var server = await StartAsync();
        using var connection = await server.ConnectAsync();
        var headers = string.Concat(Enumerable.Range(0, 101).Select(i => $"X-H{i}: v\r\n"));
        await connection.SendAsync($"GET / HTTP/1.1\r\nHost: a\r\n{headers}\r\n");
        var response = await connection.ReadResponseAsync();
        Assert.That(response.StatusCode, Is.EqualTo(431));
        Assert.That(await connection.IsClosedByServerAsync(), Is.True);
    }

    [Test]
    public async Task Declared_body_over_the_limit_gets_413_before_the_app_runs()
    {
        await using var server = await StartAsync(o => o.MaxRequestBodySize = 1000);
        using var connection = await server.ConnectAsync();
        await connection.SendAsync("POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 5000\r\n\r\n");
        var response = await connection.ReadResponseAsync();
        Assert.That(response.StatusCode, Is.EqualTo(413));
        Assert.That(await connection.IsClosedByServerAsync(), Is.True);
    }

    [Test]
    public async Task Chunked_body_over_the_limit_gets_413()
    {
        await using var server = await StartAsync(o => o.MaxRequestBodySize = 1000);
        using var connection = await server.ConnectAsync();
        var chunk = new string('x', 600);
        await connection.SendAsync($"POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n258\r\n{chunk}\r\n258\r\n{chunk}\r\n0\r\n\r\n");
        var response = await connection.ReadResponseAsync();
        Assert.That(response.StatusCode, Is.EqualTo(413));
        Assert.That(await connection.IsClosedByServerAsync(), Is.True);
    }

    [Test]
    public async Task Headers_not_received_in_time_get_408()
    {
        await using var server = await StartAsync(o => o.RequestHeadersTimeout = TimeSpan.FromMilliseconds(500));
        using var connection = await server.ConnectAsync();
        await connection.SendAsync("GET / HTTP/1.1\r\nHost: a\r\n");
        var response = await connection.ReadResponseAsync();
        Assert.That(response.StatusCode, Is.EqualTo(408));
        Assert.That(await connection.IsClosedByServerAsync(), Is.True);
    }

    [Test]
    public async Task Slowloris_trickle_is_cut_off_by_the_header_timeout()
    {
        await using var server = await StartAsync(o => o.RequestHeadersTimeout = TimeSpan.FromMilliseconds(800));
        using var connection = await server.ConnectAsync();
        await connection.SendAsync("GET / HTTP/1.1\r\nHost: a\r\n");
        var readTask = connection.ReadResponseAsync();
        // Keep sending a header byte now and then: the deadline counts from the first byte, not the last.
        for (var i = 0; i < 20 && !readTask.IsCompleted; i++)
        {
            try
            {
                await connection.SendAsync("X");
            }
            catch (IOException)
            {
                break;
            }
            await Task.Delay(100);
        }
        var response = await readTask;
        Assert.That(response.StatusCode, Is.EqualTo(408));
    }

    [Test]
    public async Task Idle_keep_alive_connection_is_closed_silently_after_the_timeout()
    {
        await using var server = await StartAsync(o => o.KeepAliveTimeout = TimeSpan.FromMilliseconds(500));
        using var connection = await server.ConnectAsync();
        await connection.SendAsync("GET / HTTP/1.1\r\nHost: a\r\n\r\n");
        Assert.That((await connection.ReadResponseAsync()).StatusCode, Is.EqualTo(200));
        Assert.That(await connection.IsClosedByServerAsync(), Is.True, "closed without sending a 408");
    }

    [Test]
    public async Task A_misbehaving_client_does_not_affect_others()
    {
        await using var server = await StartAsync(o => o.RequestHeadersTimeout = TimeSpan.FromSeconds(5));
        using var stuck = await server.ConnectAsync();
        await stuck.SendAsync("GET / HTTP/1.1\r\nHost: a\r\nX-Partial: ");
        using var bad = await server.ConnectAsync();
        await bad.SendAsync("\x01\x02\x03 garbage\r\n\r\n");
        using var client = server.CreateClient();
        Assert.That(await client.GetStringAsync("/"), Is.EqualTo("handled 0"));
        Assert.That((await bad.ReadResponseAsync()).StatusCode, Is.EqualTo(400));
    }
}
