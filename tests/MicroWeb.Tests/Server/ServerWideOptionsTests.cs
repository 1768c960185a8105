using MicroWeb.Tests.Support;

namespace MicroWeb.Tests.Server;

public class ServerWideOptionsTests
{
    [Test]
    public async Task OPTIONS_asterisk_is_answered_by_the_server_with_Allow_whatever_the_routes()
    {
        var reached = false;
        await using var server = await TestServer.StartAsync(context =>
        {
            reached = true;
            context.Response.StatusCode = 404;
            return Task.CompletedTask;
        });
        using var connection = await server.ConnectAsync();
        await connection.SendAsync("OPTIONS * HTTP/1.1\r\nHost: t\r\n\r\n");
        var response = await connection.ReadResponseAsync();
        Assert.Multiple(() =>
        {
            Assert.That(response.StatusCode, Is.EqualTo(200));
            Assert.That(response.Header("Allow"), Is.EqualTo("GET, HEAD, POST, PUT, DELETE, PATCH, OPTIONS"));
            Assert.That(response.Header("Content-Length"), Is.EqualTo("0"));
            Assert.That(reached, Is.False, "the application is not asked");
        });

        await connection.SendAsync("GET / HTTP/1.1\r\nHost: t\r\n\r\n");
        Assert.That((await connection.ReadResponseAsync()).StatusCode, Is.EqualTo(404), "the connection stays usable");
    }
}
