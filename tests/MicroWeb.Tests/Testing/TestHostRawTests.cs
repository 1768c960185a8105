using MicroWeb.Testing;
using Microsoft.Extensions.Logging;

namespace MicroWeb.Tests.Testing;

/// <summary>Raw bytes through the in-memory host: the real parser and connection loop, no socket.</summary>
public class TestHostRawTests
{
    private static MicroWebTestHost Echo() => MicroWebTestHost.Create(
        builder => builder.Logging.ClearProviders(),
        app => app.Run(async context =>
        {
            var body = await new StreamReader(context.Request.Body).ReadToEndAsync();
            await context.Response.WriteAsync($"{context.Request.Method} {context.Request.Path} [{body}]");
        }));

    [Test]
    public async Task Pipelined_requests_are_answered_in_order_on_one_connection()
    {
        await using var host = Echo();
        await using var connection = host.OpenConnection();
        await connection.SendAsync(
            "GET /first HTTP/1.1\r\nHost: x\r\n\r\n" +
            "POST /second HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n\r\nhello" +
            "GET /third HTTP/1.1\r\nHost: x\r\n\r\n");
        var first = await connection.ReadResponseAsync();
        var second = await connection.ReadResponseAsync();
        var third = await connection.ReadResponseAsync();
        Assert.That(first.StatusLine, Is.EqualTo("HTTP/1.1 200 OK"));
        Assert.That(first.BodyText, Is.EqualTo("GET /first []"));
        Assert.That(second.BodyText, Is.EqualTo("POST /second [hello]"));
        Assert.That(third.BodyText, Is.EqualTo("GET /third []"));
        Assert.That(third.GetHeader("Content-Length"), Is.EqualTo("13"));
    }

    [Test]
    public async Task SendRawAsync_returns_everything_until_the_server_closes()
    {
        await using var host = Echo();
        var text = await host.SendRawAsync("GET /a HTTP/1.1\r\nHost: x\r\n\r\nGET /b HTTP/1.1\r\nHost: x\r\n\r\n");
        Assert.That(text, Does.StartWith("HTTP/1.1 200 OK\r\n"));
        Assert.That(text, Does.EndWith("GET /b []"));
        Assert.That(text.Split("HTTP/1.1 200 OK").Length - 1, Is.EqualTo(2));
    }

    [Test]
    public async Task Malformed_request_gets_400_and_the_connection_closes()
    {
        await using var host = Echo();
        await using var connection = host.OpenConnection();
        // A bare LF line ending is how request smuggling starts: rejected.
        await connection.SendAsync("GET / HTTP/1.1\nHost: x\r\n\r\n");
        var response = await connection.ReadResponseAsync();
        Assert.That(response.StatusCode, Is.EqualTo(400));
        Assert.That(response.GetHeader("Connection"), Is.EqualTo("close"));
        Assert.That(await connection.ReadToEndAsync(), Is.Empty, "the server closed the connection");
    }

    [Test]
    public async Task Exact_bytes_can_be_sent()
    {
        await using var host = Echo();
        await using var connection = host.OpenConnection();
        // A raw 0xFF byte in the request target: not even a character, so no string could carry it.
        byte[] request = [.. "GET /"u8, 0xFF, .. " HTTP/1.1\r\nHost: x\r\n\r\n"u8];
        await connection.SendAsync(request);
        var response = await connection.ReadResponseAsync();
        Assert.That(response.StatusCode, Is.EqualTo(400), response.ToString());
    }

    [Test]
    public async Task Chunked_request_and_streamed_chunked_response()
    {
        await using var host = MicroWebTestHost.Create(
            builder => builder.Logging.ClearProviders(),
            app => app.Run(async context =>
            {
                var body = await new StreamReader(context.Request.Body).ReadToEndAsync();
                await context.Response.StartAsync();
                foreach (var word in body.Split(' ')) await context.Response.WriteAsync(word + "\n");
            }));
        await using var connection = host.OpenConnection();
        await connection.SendAsync("POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n6;ext=1\r\n world\r\n0\r\n\r\n");
        var response = await connection.ReadResponseAsync();
        Assert.That(response.GetHeader("Transfer-Encoding"), Is.EqualTo("chunked"));
        Assert.That(response.GetHeader("Content-Length"), Is.Null);
        Assert.That(response.BodyText, Is.EqualTo("hello\nworld\n"));
    }

    [Test]
    public async Task Expect_100_continue_is_answered_before_the_body_is_sent()
    {
        await using var host = Echo();
        await using var connection = host.OpenConnection();
        await connection.SendAsync("POST /up HTTP/1.1\r\nHost: x\r\nContent-Length: 4\r\nExpect: 100-continue\r\n\r\n");
        var interim = await connection.ReadResponseAsync();
        Assert.That(interim.StatusLine, Is.EqualTo("HTTP/1.1 100 Continue"));
        await connection.SendAsync("data");
        Assert.That((await connection.ReadResponseAsync()).BodyText, Is.EqualTo("POST /up [data]"));
    }

    [Test]
    public async Task Head_response_is_read_without_a_body()
    {
        await using var host = Echo();
        await using var connection = host.OpenConnection();
        await connection.SendAsync("HEAD /h HTTP/1.1\r\nHost: x\r\n\r\nGET /g HTTP/1.1\r\nHost: x\r\n\r\n");
        var head = await connection.ReadResponseAsync(headRequest: true);
        var get = await connection.ReadResponseAsync();
        Assert.That(head.Body, Is.Empty);
        Assert.That(head.GetHeader("Content-Length"), Is.EqualTo("HEAD /h []".Length.ToString()));
        Assert.That(get.BodyText, Is.EqualTo("GET /g []"));
    }

    [Test]
    public async Task Reading_more_than_the_server_sends_times_out_instead_of_hanging()
    {
        await using var host = Echo();
        await using var connection = host.OpenConnection();
        connection.Timeout = TimeSpan.FromMilliseconds(200);
        await connection.SendAsync("GET / HTTP/1.1\r\nHost: x\r\n\r\n");
        await connection.ReadResponseAsync();
        await Assert.ThrowsAsync<TimeoutException>(() => connection.ReadResponseAsync());
    }
}
