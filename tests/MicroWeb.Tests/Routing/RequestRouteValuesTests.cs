using System.Net.WebSockets;
using System.Text;

namespace MicroWeb.Tests.Routing;

/// <summary>
/// <c>context.GetRouteValues()</c>: what the matched route captured, for handlers that read the request themselves
/// (a <c>RequestDelegate</c>, a WebSocket endpoint), reset between requests on one connection.
/// </summary>
public class RequestRouteValuesTests
{
    [Test]
    public async Task A_request_delegate_reads_the_route_values_and_the_next_request_on_the_connection_starts_empty()
    {
        var builder = MicroWebApp.CreateBuilder(["--urls", "http://127.0.0.1:0"]);
        await using var app = builder.Build();
        app.MapGet("/users/{id:int}/posts/{slug?}", async context => await
            context.Response.WriteAsync($"{context.GetRouteValues()["id"]} {context.GetRouteValues()["slug"] ?? "(none)"} {context.GetRouteValues().Count}"));
        app.MapGet("/plain", async context => await context.Response.WriteAsync($"{context.GetRouteValues().Count}"));
        await app.StartAsync();
        using var client = new HttpClient();

        Assert.That(await client.GetStringAsync($"{app.Urls[0]}/users/42/posts/hello"), Is.EqualTo("42 hello 2"));
        Assert.That(await client.GetStringAsync($"{app.Urls[0]}/users/7/posts"), Is.EqualTo("7 (none) 2"));
        Assert.That(await client.GetStringAsync($"{app.Urls[0]}/plain"), Is.EqualTo("0"), "the previous request's values do not leak into this one");
    }

    [Test]
    public async Task A_WebSocket_endpoint_reads_its_route_values_from_the_handshake_request()
    {
        var builder = MicroWebApp.CreateBuilder(["--urls", "http://127.0.0.1:0"]);
        await using var app = builder.Build();
        app.MapWebSocket("/rooms/{room}", async (socket, context) =>
        {
            var greeting = Encoding.UTF8.GetBytes($"welcome to {context.GetRouteValues()["room"]}");
            await socket.SendAsync(greeting, WebSocketMessageType.Text, endOfMessage: true, context.RequestAborted);
            await socket.CloseAsync(WebSocketCloseStatus.NormalClosure, null, context.RequestAborted);
        });
        await app.StartAsync();
        using var client = new ClientWebSocket();

        await client.ConnectAsync(new Uri($"{app.Urls[0].Replace("http://", "ws://")}/rooms/lobby"), CancellationToken.None);
        var buffer = new byte[256];
        var received = await client.ReceiveAsync(buffer, CancellationToken.None);

        Assert.That(Encoding.UTF8.GetString(buffer, 0, received.Count), Is.EqualTo("welcome to lobby"));
    }
}
