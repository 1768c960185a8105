using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.RegularExpressions;
using MessageBoard.Data;
using Microsoft.Extensions.DependencyInjection;

namespace MessageBoard.Tests;

/// <summary>
/// The board's pager over a real socket: a request with <c>HX-Request: true</c> gets only the template's
/// <c>messages</c> block (list and pager), the same URL without it the whole page, and both say <c>Vary</c>.
/// </summary>
public sealed class PagerFragmentTests
{
    private static async Task<BoardApp> StartWithMessagesAsync(int count)
    {
        var app = await BoardApp.StartAsync();
        var client = await BoardApp.RegisterAsync(app, "ada");
        var user = await app.App.Services.GetRequiredService<IUserStore>().FindByNameAsync("ada");
        var store = app.App.Services.GetRequiredService<IMessageStore>();
        for (int i = 1; i <= count; i++) await store.AddAsync(user!.Id, $"Message number {i}.");
        client.Dispose();
        return app;
    }

    private static async Task<(string Head, string Body)> GetRawAsync(BoardApp app, string target, string extraHeaders = "")
    {
        using var socket = new TcpClient();
        await socket.ConnectAsync(IPAddress.Loopback, app.BaseAddress.Port);
        var stream = socket.GetStream();
        await stream.WriteAsync(Encoding.ASCII.GetBytes($"GET {target} HTTP/1.1\r\nHost: localhost\r\nAccept: text/html\r\n{extraHeaders}Connection: close\r\n\r\n"));
        using var reader = new StreamReader(stream, Encoding.UTF8);
        string response = await reader.ReadToEndAsync().WaitAsync(TimeSpan.FromSeconds(10));
        int split = response.IndexOf("\r\n\r\n", StringComparison.Ordinal);
        return (response[..split], response[(split + 4)..]);
    }

    private static int Items(string html) => Regex.Matches(html, "<li class=\"message\"").Count;

    [Test]
    public async Task An_htmx_request_for_the_next_page_gets_its_list_and_pager_only()
    {
        await using var app = await StartWithMessagesAsync(45);

        var (head, body) = await GetRawAsync(app, "/?page=2", "HX-Request: true\r\n");

        Assert.That(head, Does.StartWith("HTTP/1.1 200 OK\r\n"));
        Assert.That(head, Does.Contain("\r\nVary: HX-Request, HX-Boosted, HX-History-Restore-Request\r\n"));
        Assert.That(head, Does.Contain("\r\nContent-Type: text/html; charset=utf-8\r\n"));
        Assert.That(body, Does.StartWith("<div class=\"board-page\" data-pager>\n<ul class=\"messages\">"));
        Assert.That(body, Does.EndWith("</nav>\n</div>\n"));
        Assert.That(body, Does.Not.Contain("<html").And.Not.Contain("<form").And.Not.Contain("pager.js"));
        Assert.That(Items(body), Is.EqualTo(20));
        Assert.That(body, Does.Contain("Message number 25.").And.Contain("Page 2 of 3").And.Contain("href=\"/?page=3\""));
    }

    [Test]
    public async Task Without_the_header_the_same_url_is_the_whole_page_containing_the_same_fragment()
    {
        await using var app = await StartWithMessagesAsync(45);

        var (_, fragment) = await GetRawAsync(app, "/?page=2", "HX-Request: true\r\n");
        var (head, page) = await GetRawAsync(app, "/?page=2");

        Assert.That(head, Does.Contain("\r\nVary: HX-Request, HX-Boosted, HX-History-Restore-Request\r\n"));
        Assert.That(page, Does.StartWith("<!doctype html>"));
        Assert.That(page, Does.Contain("<script src=\"/static/pager.js\" defer></script>"));
        Assert.That(page.Replace("\n    ", "\n", StringComparison.Ordinal), Does.Contain(fragment.TrimEnd()),
            "the fragment is the block as the page renders it (the page indents it inside <main>)");
    }

    [Test]
    public async Task The_pager_script_is_a_static_file_so_a_strict_policy_allows_it()
    {
        await using var app = await BoardApp.StartAsync();
        using var client = app.CreateClient();

        using var response = await client.GetAsync("/static/pager.js");

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(response.Content.Headers.ContentType!.MediaType, Is.EqualTo("text/javascript"));
        Assert.That(await response.Content.ReadAsStringAsync(), Does.Contain("'HX-Request': 'true'"));
    }
}
