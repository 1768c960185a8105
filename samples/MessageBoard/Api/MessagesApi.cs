using System.ComponentModel.DataAnnotations;
using System.Globalization;
using MessageBoard.Controllers;
using MessageBoard.Data;
using MicroWeb;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace MessageBoard.Api;

/// <summary>A message as the API shows it.</summary>
public sealed record ApiMessage(long Id, string Author, string Text, DateTimeOffset CreatedAt);

/// <summary>One page of messages and the total, for a client's pager.</summary>
public sealed record ApiMessagePage(IReadOnlyList<ApiMessage> Items, int Total, int Page, int Take);

/// <summary>The body of <c>POST /api/messages</c>.</summary>
public sealed record NewApiMessage(
    [property: Required(ErrorMessage = "Write a message first."), StringLength(1000, MinimumLength = 1, ErrorMessage = "A message is 1 to 1000 characters.")]
    string? Text);

/// <summary>
/// <c>/api/messages</c>: the board for scripts and other programs, mapped through route groups. Reading is open to
/// everyone; writing needs a signed-in user, who may delete only their own messages.
/// </summary>
/// <remarks>
/// Authentication is the board's sign-in cookie, so the browser's own pages can call the API. CSRF: a JSON body is
/// exempt (a cross-site form cannot send one, docs/security.md); a DELETE has no body, so a cookie-authenticated
/// one sends the page's token in <c>X-CSRF-Token</c>, as any unsafe request without a JSON body must.
/// </remarks>
public static class MessagesApi
{
    public const int MaxTake = 100;

    public static void Map(IEndpointRouteBuilder app)
    {
        // Every /api endpoint answers a client error as RFC 9457 problem+json, validation included.
        var api = app.MapGroup("/api").AddEndpointFilter<ValidationProblemFilter>();
        var messages = api.MapGroup("/messages");
        messages.MapGet("", List);
        messages.MapGet("/{id:long}", Get);

        // Bearer tokens: once AddJwtBearer is available, the writers below accept a token as well as the cookie; the
        // scheme is configured with the app's authentication (MessageBoardApp), and this group needs no change.
        var writers = messages.MapGroup("").RequireAuthorization();
        writers.MapPost("", Create);
        writers.MapDelete("/{id:long}", Delete);
    }

    // The ModelStateDictionary parameter is for ValidationProblemFilter: an invalid page or take never gets here.
    private static async Task<ApiMessagePage> List(
        IMessageStore store, ModelStateDictionary modelState, [Range(1, int.MaxValue)] int page = 1, [Range(1, MaxTake)] int take = PageController.PageSize)
    {
        var result = await store.ListAsync((page - 1) * take, take);
        return new ApiMessagePage([.. result.Messages.Select(ToApi)], result.Total, page, take);
    }

    private static async Task<IResult> Get(long id, IMessageStore store) =>
        await store.FindAsync(id) is { } message ? Results.Json(ToApi(message)) : ApiProblem.NotFound($"There is no message {id}.");

    private static async Task<IResult> Create(NewApiMessage body, ModelStateDictionary modelState, HttpContext context, IMessageStore store, IPostNotifier posts)
    {
        var text = UserText.Clean(body.Text!);
        if (string.IsNullOrWhiteSpace(text))
        {
            modelState.AddModelError("text", "Write a message first.");
            return ApiProblem.Validation(modelState);
        }

        var id = await store.AddAsync(UserId(context), text);
        try
        {
            await posts.PublishAsync(id);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // Stored: live viewers miss it until they reload, which is no reason to fail the request.
            context.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(MessagesApi)).LogWarning(e, "Announcing message {MessageId} failed", id);
        }

        var message = await store.FindAsync(id);
        context.Response.Headers["Location"] = $"{context.Request.PathBase}/api/messages/{id.ToString(CultureInfo.InvariantCulture)}";
        return Results.Json(ToApi(message!), 201);
    }

    private static async Task<IResult> Delete(long id, HttpContext context, IMessageStore store)
    {
        if (await store.FindAsync(id) is not { } message) return ApiProblem.NotFound($"There is no message {id}.");
        if (message.UserId != UserId(context)) return ApiProblem.Forbidden("Only its author can delete a message.");
        await store.DeleteAsync(id);
        return Results.NoContent();
    }

    private static ApiMessage ToApi(Message message) => new(message.Id, message.Author, message.Text, message.CreatedAt);

    /// <summary>The signed-in user's id; the group's RequireAuthorization guarantees there is one.</summary>
    private static long UserId(HttpContext context) =>
        long.Parse(context.GetUser().UserId!, NumberStyles.None, CultureInfo.InvariantCulture);
}
