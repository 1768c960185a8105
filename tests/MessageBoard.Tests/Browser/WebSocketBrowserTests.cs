using System.Net.WebSockets;
using Microsoft.Extensions.Logging;
using MicroWeb;
using OpenQA.Selenium;
using OpenQA.Selenium.Support.UI;

namespace MessageBoard.Tests.Browser;

/// <summary>A real Chromium opening a WebSocket to the built-in server: the browser's handshake, subprotocol, compression, masking and close.</summary>
[Parallelizable(ParallelScope.None)]
public sealed class WebSocketBrowserTests
{
    private const string Page = """
        <!doctype html>
        <html lang="en"><head><meta charset="utf-8"><title>echo</title></head>
        <body><p id="state">loading</p><p id="echo"></p><p id="closed"></p><script src="/echo.js"></script></body></html>
        """;

    // Sends one message, shows the echo, then closes and shows the close code the server answered with.
    private const string Script = """
        const socket = new WebSocket(`ws://${location.host}/ws`, ["echo"]);
        socket.onopen = () => { document.getElementById("state").textContent = `open ${socket.protocol} ${socket.extensions}`; socket.send("ping from chromium ✓"); };
        socket.onmessage = event => { document.getElementById("echo").textContent = event.data; socket.close(1000, "done"); };
        socket.onclose = event => { document.getElementById("closed").textContent = `closed ${event.code} ${event.wasClean}`; };
        """;

    [Test]
    public async Task WebSocket_opened_by_a_Chromium_page_echoes_and_closes_cleanly()
    {
        using var browser = HeadlessChromium.Desktop(800, 600);
        var builder = MicroWebApp.CreateBuilder([]);
        builder.Logging.ClearProviders();
        builder.ConfigureServer(options => options.Urls = "http://127.0.0.1:0");
        await using var app = builder.Build();
        var options = new WebSocketOptions { SubProtocols = { "echo" }, EnableCompression = true };
        app.MapGet("/", () => Results.Text(Page, "text/html; charset=utf-8"));
        app.MapGet("/echo.js", () => Results.Text(Script, "text/javascript; charset=utf-8"));
        app.MapWebSocket("/ws", async (socket, context) =>
        {
            var buffer = new byte[4096];
            while (true)
            {
                var result = await socket.ReceiveAsync(buffer.AsMemory(), context.RequestAborted);
                if (result.MessageType == WebSocketMessageType.Close)
                {
                    await socket.CloseAsync(socket.CloseStatus ?? WebSocketCloseStatus.NormalClosure, socket.CloseStatusDescription, context.RequestAborted);
                    return;
                }
                await socket.SendAsync(buffer.AsMemory(0, result.Count), result.MessageType, result.EndOfMessage, context.RequestAborted);
            }
        }, options);
        await app.StartAsync();

        browser.Open(new Uri(app.Urls[0]));
        var wait = new WebDriverWait(browser.Driver, TimeSpan.FromSeconds(10)) { PollingInterval = TimeSpan.FromMilliseconds(50), Message = "the page's socket did not finish" };
        wait.Until(driver => driver.FindElement(By.Id("closed")).Text.Length > 0);
        // Chromium offers permessage-deflate (RFC 7692); the server's answer must be one it accepts.
        Assert.That(browser.Find("#state").Text, Does.StartWith("open echo permessage-deflate"));
        Assert.That(browser.Find("#echo").Text, Is.EqualTo("ping from chromium ✓"));
        Assert.That(browser.Find("#closed").Text, Is.EqualTo("closed 1000 true"), "the close handshake completed both ways");
    }
}
