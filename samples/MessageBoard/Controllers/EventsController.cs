using System.Globalization;
using System.Net.ServerSentEvents;
using System.Runtime.CompilerServices;
using MessageBoard.Data;
using MicroWeb;

namespace MessageBoard.Controllers;

/// <summary>
/// <c>GET /events</c>: the board's new messages as Server-Sent Events (event type <c>post</c>, id the message id, data
/// the message's <c>&lt;li&gt;</c> from templates/partials/message.html). Each subscriber gets its own rendering: the
/// Delete button appears for the author only, and its form carries this browser's CSRF token. static/board-live.js puts
/// the items at the top of the board.
/// </summary>
public sealed class EventsController(IPostNotifier posts, IMessageStore messages, IViewRenderer views) : PageController
{
    public const string EventType = "post";

    /// <param name="lastEventId">The last id a reconnecting EventSource received: what came after it is sent first.</param>
    /// <param name="after">The newest message id the page showed (the board puts it in the URL), for the first connection.</param>
    [HttpGet("/events")]
    public IResult Events([FromHeader(Name = "Last-Event-ID")] string? lastEventId, long? after = null)
    {
        long? since = long.TryParse(lastEventId, NumberStyles.None, CultureInfo.InvariantCulture, out long id) ? id : after;
        // Now, before the stream starts: a new visitor's first token also sets its cookie, which needs the headers.
        var viewer = new Viewer(CurrentUserId, HttpContext.AntiforgeryField(), Request.PathBase);
        return Results.ServerSentEvents(Stream(viewer, since, HttpContext.RequestAborted));
    }

    private sealed record Viewer(long? UserId, string Csrf, string PathBase);

    private async IAsyncEnumerable<SseItem<string>> Stream(Viewer viewer, long? since, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        // Subscribed first, then the catch-up read: a post in between is in both, and sent once.
        using var subscription = await posts.SubscribeAsync(cancellationToken);
        var replayed = new HashSet<long>();
        if (since is { } last)
        {
            var recent = await messages.ListAsync(0, PageSize);
            for (int i = recent.Messages.Count - 1; i >= 0; i--)
            {
                var message = recent.Messages[i];
                if (message.Id <= last) continue;
                replayed.Add(message.Id);
                yield return Render(message, viewer);
            }
        }

        await foreach (var message in subscription.Reader.ReadAllAsync(cancellationToken))
        {
            if (!replayed.Remove(message.Id)) yield return Render(message, viewer);
        }
    }

    private SseItem<string> Render(Message message, Viewer viewer)
    {
        var model = ToView(message, viewer.UserId, viewer.PathBase);
        model["csrf"] = viewer.Csrf;
        model["pathBase"] = viewer.PathBase;
        using var html = new StringWriter(CultureInfo.InvariantCulture);
        views.Render("partials/message.html", model, html);
        return new SseItem<string>(html.ToString().Trim(), EventType) { EventId = message.Id.ToString(CultureInfo.InvariantCulture) };
    }
}
