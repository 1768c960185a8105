using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.RegularExpressions;
using MessageBoard.Controllers;
using MessageBoard.Tests.Support;

namespace MessageBoard.Tests;

/// <summary>
/// The live board's event stream (<c>GET /events</c>, Server-Sent Events) on the real server: a post reaches open
/// streams, rendered for each viewer; a reconnect replays what it missed; on PostgreSQL a post on one instance reaches
/// the viewers of another.
/// </summary>
public sealed partial class LiveBoardSseTests
{
    private static readonly TimeSpan s_wait = TimeSpan.FromSeconds(15);

    [Test]
    public async Task Sse_a_raw_socket_reads_the_event_stream_and_sees_the_event_for_a_post()
    {
        await using var app = await BoardApp.StartAsync();
        var ada = await BoardApp.RegisterAsync(app, "ada");
        using var socket = new TcpClient();
        await socket.ConnectAsync(IPAddress.Loopback, app.BaseAddress.Port);
        var stream = new RawStream(socket.GetStream());
        // As the board page does: after= the newest message it showed (none yet), so nothing posted from here on is missed.
        await stream.SendAsync("GET /events?after=0 HTTP/1.1\r\nHost: board\r\nAccept: text/event-stream\r\n\r\n");
        string head = await stream.ReadUntilAsync("\r\n\r\n");
        Assert.That(head, Does.StartWith("HTTP/1.1 200 OK\r\n").And.Contain("Content-Type: text/event-stream\r\n").And.Contain("Cache-Control: no-cache\r\n"));
        Assert.That(head, Does.Contain("Transfer-Encoding: chunked\r\n"));

        using (var post = await BoardApp.PostMessageAsync(ada, "Live <now>"))
            Assert.That(post.StatusCode, Is.EqualTo(HttpStatusCode.Found));

        // The event, inside its chunk: event type, the escaped message rendered by the partial, the id.
        string received = await stream.ReadUntilAsync("\n\n");
        long id = long.Parse(IdLine().Match(received).Groups[1].Value);
        Assert.That(received, Does.Contain("event: post\n"));
        Assert.That(received, Does.Contain($"data: <li class=\"message\" id=\"message-{id}\">"));
        Assert.That(received, Does.Contain("Live &lt;now&gt;"));
        Assert.That(received, Does.Not.Contain("/delete"), "an anonymous viewer gets no Delete button");
    }

    [Test]
    public async Task Sse_each_viewer_gets_the_post_rendered_for_them_and_the_authors_delete_form_works()
    {
        await using var app = await BoardApp.StartAsync();
        var ada = await BoardApp.RegisterAsync(app, "ada");
        var bob = await BoardApp.RegisterAsync(app, "bob");
        await using var adaEvents = await EventStream.OpenAsync(ada, "/events?after=0");
        await using var bobEvents = await EventStream.OpenAsync(bob, "/events?after=0");

        using (var post = await BoardApp.PostMessageAsync(ada, "Hello, live board"))
            Assert.That(post.StatusCode, Is.EqualTo(HttpStatusCode.Found));
        var forAda = await adaEvents.NextAsync();
        var forBob = await bobEvents.NextAsync();

        Assert.That(forAda.Type, Is.EqualTo(EventsController.EventType));
        Assert.That(forBob.Id, Is.EqualTo(forAda.Id));
        Assert.That(forAda.Data, Does.Contain("Hello, live board").And.Contain($"/messages/{forAda.Id}/delete"));
        Assert.That(forBob.Data, Does.Contain("Hello, live board").And.Not.Contain("/delete"), "only the author sees Delete");

        // The token in Ada's copy is hers: the Delete form from the event works.
        string csrf = BoardApp.Csrf(forAda.Data);
        using var delete = await ada.PostAsync($"/messages/{forAda.Id}/delete", new FormUrlEncodedContent([new("__csrf", csrf)]));
        Assert.That(delete.StatusCode, Is.EqualTo(HttpStatusCode.Found));
        Assert.That(await ada.GetStringAsync("/"), Does.Not.Contain("Hello, live board"));
    }

    [Test]
    public async Task Sse_a_reconnect_with_Last_Event_ID_gets_what_was_posted_since_oldest_first()
    {
        await using var app = await BoardApp.StartAsync();
        var ada = await BoardApp.RegisterAsync(app, "ada");
        foreach (string text in new[] { "one", "two", "three" })
            using (var post = await BoardApp.PostMessageAsync(ada, text)) Assert.That(post.StatusCode, Is.EqualTo(HttpStatusCode.Found));
        long first = BoardApp.LastMessageId(await ada.GetStringAsync("/")) - 2;

        await using var events = await EventStream.OpenAsync(app.CreateClient(), "/events", ("Last-Event-ID", first.ToString()));
        var two = await events.NextAsync();
        var three = await events.NextAsync();

        Assert.That((two.Id, three.Id), Is.EqualTo((first + 1, first + 2)));
        Assert.That(two.Data, Does.Contain(">two<"));
        Assert.That(three.Data, Does.Contain(">three<"));
    }

    [Test]
    [CancelAfter(120_000)]
    public async Task Sse_on_PostgreSQL_a_post_on_one_instance_reaches_a_viewer_of_another()
    {
        string connectionString = await SharedPostgres.CreateDatabaseAsync();
        string[] postgres = ["--MessageBoard:Provider", "postgres", "--ConnectionStrings:MessageBoard", connectionString];
        await using var a = await BoardApp.StartAsync(null, [.. postgres, "--MessageBoard:InstanceName", "a"]);
        await using var b = await BoardApp.StartAsync(null, [.. postgres, "--MessageBoard:InstanceName", "b"]);
        var ada = await BoardApp.RegisterAsync(a, "ada");
        await using var onA = await EventStream.OpenAsync(a.CreateClient(), "/events?after=0");
        await using var onB = await EventStream.OpenAsync(b.CreateClient(), "/events?after=0");
        Assert.That(onB.Response.Headers.GetValues("X-Instance"), Is.EqualTo(new[] { "b" }));

        using (var post = await BoardApp.PostMessageAsync(ada, "Across instances"))
            Assert.That(post.Headers.GetValues("X-Instance"), Is.EqualTo(new[] { "a" }));

        var seenOnB = await onB.NextAsync();
        var seenOnA = await onA.NextAsync();
        Assert.That(seenOnB.Data, Does.Contain("Across instances"));
        Assert.That(seenOnA.Id, Is.EqualTo(seenOnB.Id), "the posting instance's viewers hear it too, once");
    }

    [GeneratedRegex(@"\nid: (\d+)\n")]
    private static partial Regex IdLine();

    /// <summary>A raw socket: what the server sends, chunk framing and all.</summary>
    private sealed class RawStream(NetworkStream stream)
    {
        private readonly StringBuilder _received = new();

        public Task SendAsync(string text) => stream.WriteAsync(Encoding.ASCII.GetBytes(text)).AsTask();

        /// <summary>Everything up to and including <paramref name="marker"/>, consumed.</summary>
        public async Task<string> ReadUntilAsync(string marker)
        {
            using var timeout = new CancellationTokenSource(s_wait);
            var buffer = new byte[4096];
            while (true)
            {
                string text = _received.ToString();
                int at = text.IndexOf(marker, StringComparison.Ordinal);
                if (at >= 0)
                {
                    _received.Remove(0, at + marker.Length);
                    return text[..(at + marker.Length)];
                }
                int read = await stream.ReadAsync(buffer, timeout.Token);
                if (read == 0) throw new EndOfStreamException("The server closed the stream; got: " + text);
                _received.Append(Encoding.UTF8.GetString(buffer, 0, read));
            }
        }
    }

    /// <summary>An open <c>/events</c> response, read with the BCL's own parser.</summary>
    private sealed class EventStream : IAsyncDisposable
    {
        private readonly IAsyncEnumerator<System.Net.ServerSentEvents.SseItem<string>> _events;
        private readonly CancellationTokenSource _stop = new();

        private EventStream(HttpResponseMessage response, Stream body)
        {
            Response = response;
            _events = System.Net.ServerSentEvents.SseParser.Create(body).EnumerateAsync(_stop.Token).GetAsyncEnumerator();
        }

        public HttpResponseMessage Response { get; }

        public static async Task<EventStream> OpenAsync(HttpClient client, string path, params (string Name, string Value)[] headers)
        {
            var request = new HttpRequestMessage(HttpMethod.Get, path);
            foreach (var (name, value) in headers) request.Headers.TryAddWithoutValidation(name, value);
            var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
            Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo("text/event-stream"));
            return new EventStream(response, await response.Content.ReadAsStreamAsync());
        }

        public async Task<(string Type, long Id, string Data)> NextAsync()
        {
            var next = _events.MoveNextAsync().AsTask();
            Assert.That(await next.WaitAsync(s_wait), Is.True, "the stream ended");
            var item = _events.Current;
            return (item.EventType, long.Parse(item.EventId!), item.Data);
        }

        public async ValueTask DisposeAsync()
        {
            await _stop.CancelAsync();
            Response.Dispose();
            try
            {
                await _events.DisposeAsync();
            }
            catch (Exception e) when (e is OperationCanceledException or IOException or ObjectDisposedException)
            {
                // The response was torn down under the parser: that is how the stream ends here.
            }
            _stop.Dispose();
        }
    }
}
