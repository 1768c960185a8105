using System.Net.Sockets;
using System.Text;
using MicroWeb.Tests.Support;

namespace MicroWeb.Tests.Server;

public class ConnectionLimitTests
{
    [Test]
    public async Task Connections_over_the_limit_get_503_and_are_closed_while_the_others_are_served()
    {
        await using var server = await TestServer.StartAsync(context => context.Response.WriteAsync("ok").AsTask(), o => o.MaxConcurrentConnections = 2);
        using var first = await server.ConnectAsync();
        using var second = await server.ConnectAsync();
        foreach (var connection in new[] { first, second })
        {
            await connection.SendAsync("GET / HTTP/1.1\r\nHost: t\r\n\r\n");
            Assert.That((await connection.ReadResponseAsync()).StatusCode, Is.EqualTo(200));
        }

        using (var third = new TcpClient())
        {
            // A real client sends its request at once; it must still read the 503, not a reset.
            await third.ConnectAsync("127.0.0.1", server.Port);
            await third.GetStream().WriteAsync("GET / HTTP/1.1\r\nHost: t\r\n\r\n"u8.ToArray());
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            var answer = await new StreamReader(third.GetStream(), Encoding.ASCII).ReadToEndAsync(timeout.Token);
            Assert.That(answer, Does.StartWith("HTTP/1.1 503 Service Unavailable\r\n").And.Contain("Connection: close\r\n").And.EndWith("Too many connections."));
        }
        using (var http = new HttpClient())
            Assert.That((int)(await http.GetAsync(server.BaseAddress)).StatusCode, Is.EqualTo(503), "HttpClient sees the 503");

        // The two being served are unaffected.
        foreach (var connection in new[] { first, second })
        {
            await connection.SendAsync("GET /again HTTP/1.1\r\nHost: t\r\n\r\n");
            Assert.That((await connection.ReadResponseAsync()).BodyText, Is.EqualTo("ok"));
        }
        await server.Logs.WaitForAsync(m => m.Contains("Connection limit of 2 reached: refused"), TimeSpan.FromSeconds(10));

        // A freed slot is usable again once the server has seen the close.
        first.Dispose();
        var status = 0;
        for (var attempt = 0; attempt < 200 && status != 200; attempt++)
        {
            using var next = await server.ConnectAsync();
            try
            {
                await next.SendAsync("GET / HTTP/1.1\r\nHost: t\r\n\r\n");
                status = (await next.ReadResponseAsync()).StatusCode;
            }
            catch (Exception e) when (e is IOException or EndOfStreamException)
            {
                // Still refused (reset after the 503): the server has not finished closing the first one yet.
            }
        }
        Assert.That(status, Is.EqualTo(200));
    }

    [Test]
    public void A_non_positive_connection_limit_fails_at_startup_naming_the_key()
    {
        var builder = MicroWebApp.CreateBuilder(["--Server:MaxConcurrentConnections=0"]);
        Assert.That(() => builder.Build(), Throws.InvalidOperationException.With.Message.Contains("'Server:MaxConcurrentConnections'"));
    }
}
