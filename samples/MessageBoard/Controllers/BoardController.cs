using System.ComponentModel.DataAnnotations;
using MessageBoard.Data;
using MicroWeb;
using Microsoft.Extensions.Logging;

namespace MessageBoard.Controllers;

public sealed record NewMessageForm(
    [property: Required(ErrorMessage = "Write a message first."), StringLength(1000, MinimumLength = 1, ErrorMessage = "A message is 1 to 1000 characters.")]
    string? Text);

public sealed class BoardController(IMessageStore messages, IPostNotifier posts, ILogger<BoardController> logger) : PageController
{
    [HttpGet("/")]
    public async Task<IResult> Index(int page = 1) => await Board(page, null, null, 200);

    [Authorize]
    [HttpPost("/messages")]
    public async Task<IResult> Post(NewMessageForm form)
    {
        var text = form.Text is null ? null : UserText.Clean(form.Text);
        if (!ModelState.IsValid || string.IsNullOrWhiteSpace(text))
        {
            string error = ModelState.GetError(nameof(NewMessageForm.Text)) ?? "Write a message first.";
            return await Board(1, text, error, 422);
        }
        long id = await messages.AddAsync(CurrentUserId!.Value, text);
        try
        {
            await posts.PublishAsync(id);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // The message is stored; live viewers miss it until they reload, which is no reason to fail the post.
            logger.LogWarning(e, "Announcing message {MessageId} failed", id);
        }
        HttpContext.SetFlash("Message posted.");
        return Redirect("/");
    }

    [Authorize]
    [HttpPost("/messages/{id:long}/delete")]
    public async Task<IResult> Delete(long id)
    {
        if (await messages.FindAsync(id) is not { } message) return NotFound();
        if (message.UserId != CurrentUserId) return StatusCode(403);
        await messages.DeleteAsync(id);
        HttpContext.SetFlash("Message deleted.");
        return Redirect("/");
    }

    private async Task<IResult> Board(int page, string? text, string? error, int statusCode)
    {
        if (page < 1) return NotFound();
        var result = await messages.ListAsync((page - 1) * PageSize, PageSize);
        int totalPages = TotalPages(result.Total);
        if (page > totalPages) return NotFound();
        return Page("board.html", page == 1 ? "Message board" : $"Message board, page {page}", new()
        {
            ["messages"] = result.Messages.Select(ToView).ToList(),
            ["pager"] = Pager("/", page, totalPages),
            // Only the first page shows new messages as they are posted (static/board-live.js).
            // A dictionary, not an anonymous object: the runtime template engine reads those without reflection (Native AOT).
            ["live"] = page == 1 ? new Dictionary<string, object?> { ["url"] = $"{Request.PathBase}/events?after={(result.Messages.Count > 0 ? result.Messages[0].Id : 0)}" } : null,
            ["text"] = text,
            ["error"] = error,
        }, statusCode).FragmentIfHtmx("messages"); // static/pager.js asks for the list and pager only
    }
}
