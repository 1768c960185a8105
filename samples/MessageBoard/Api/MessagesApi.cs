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
/// Writers authenticate with the board's sign-in cookie, so the browser's own pages can call the API, or with a bearer
/// token from <c>POST /api/tokens</c> (<see cref="TokensApi"/>) when a signing key is configured. CSRF: a JSON body
/// is exempt (a cross-site form cannot send one, docs/security.md); a DELETE has no body, so a cookie-authenticated
/// one sends the page's token in <c>X-CSRF-Token</c>, as any unsafe request without a JSON body must; a bearer
/// token needs none, since a browser never attaches one on its own.
/// Errors are RFC 9457 problem documents (<c>Results.Problem</c>, with the request's <c>traceId</c>); the
/// <c>[ProducesResponseType]</c> attributes give every response its schema in <c>/openapi.json</c>.
/// </remarks>
public static class MessagesApi
{
    public const int MaxTake = 100;

    private const string Problem = "application/problem+json";

    private const string NotSignedIn = "No valid sign-in cookie or bearer token; an invalid or revoked token also says why in WWW-Authenticate.";

    public static void Map(IEndpointRouteBuilder app, BoardTokens? tokens)
    {
        // Every /api endpoint answers a client error as RFC 9457 problem+json, validation included.
        var api = app.MapGroup("/api").AddEndpointFilter<ValidationProblemFilter>();
        var messages = api.MapGroup("/messages");
        messages.MapGet("", List);
        messages.MapGet("/{id:long}", Get);

        // The cookie or, when AddJwtBearer is on (BoardTokens.Add), a bearer token: the group needs no change for it.
        var writers = messages.MapGroup("").RequireAuthorization();
        writers.MapPost("", Create);
        writers.MapDelete("/{id:long}", Delete);

        TokensApi.Map(api, tokens);
    }

    /// <summary>One page of messages, newest first, with the total for a pager.</summary>
    /// <remarks>The ModelStateDictionary parameter is for ValidationProblemFilter: an invalid page or take never gets here.</remarks>
    [ProducesResponseType(typeof(ApiValidationProblemDetails), 400, ContentType = Problem, Description = "page or take is out of range.")]
    private static async Task<Ok<ApiMessagePage>> List(
        IMessageStore store, ModelStateDictionary modelState, [Range(1, int.MaxValue)] int page = 1, [Range(1, MaxTake)] int take = PageController.PageSize)
    {
        var result = await store.ListAsync((page - 1) * take, take);
        return TypedResults.Ok(new ApiMessagePage([.. result.Messages.Select(ToApi)], result.Total, page, take));
    }

    /// <summary>One message.</summary>
    [ProducesResponseType(typeof(ApiMessage), 200)]
    [ProducesResponseType(typeof(ApiProblemDetails), 404, ContentType = Problem, Description = "There is no message with this id.")]
    private static async Task<IResult> Get(long id, IMessageStore store) =>
        await store.FindAsync(id) is { } message ? TypedResults.Ok(ToApi(message)) : NoSuchMessage(id);

    /// <summary>Posts a message as the signed-in user; 201 with its location.</summary>
    [ProducesResponseType(typeof(ApiMessage), 201, Description = "Created; Location names the new message.")]
    [ProducesResponseType(typeof(ApiValidationProblemDetails), 400, ContentType = Problem, Description = "The text is missing, blank or too long.")]
    [ProducesResponseType(typeof(ApiProblemDetails), 401, ContentType = Problem, Description = NotSignedIn)]
    private static async Task<IResult> Create(NewApiMessage body, ModelStateDictionary modelState, HttpContext context, IMessageStore store, IPostNotifier posts)
    {
        var text = UserText.Clean(body.Text!);
        if (string.IsNullOrWhiteSpace(text))
        {
            modelState.AddModelError("text", "Write a message first.");
            return Results.ValidationProblem(modelState);
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
        return TypedResults.Created($"{context.Request.PathBase}/api/messages/{id.ToString(CultureInfo.InvariantCulture)}", ToApi(message!));
    }

    /// <summary>Deletes one of the signed-in user's own messages.</summary>
    [ProducesResponseType(204)]
    [ProducesResponseType(typeof(string), 400, ContentType = "text/plain", Description = "A cookie-authenticated request without the X-CSRF-Token header (the antiforgery check).")]
    [ProducesResponseType(typeof(ApiProblemDetails), 401, ContentType = Problem, Description = NotSignedIn)]
    [ProducesResponseType(typeof(ApiProblemDetails), 403, ContentType = Problem, Description = "The message is someone else's.")]
    [ProducesResponseType(typeof(ApiProblemDetails), 404, ContentType = Problem, Description = "There is no message with this id.")]
    private static async Task<IResult> Delete(long id, HttpContext context, IMessageStore store)
    {
        if (await store.FindAsync(id) is not { } message) return NoSuchMessage(id);
        if (message.UserId != UserId(context)) return Results.Problem("Only its author can delete a message.", 403);
        await store.DeleteAsync(id);
        return TypedResults.NoContent();
    }

    private static IResult NoSuchMessage(long id) => Results.Problem($"There is no message {id}.", 404);

    private static ApiMessage ToApi(Message message) => new(message.Id, message.Author, message.Text, message.CreatedAt);

    /// <summary>The signed-in user's id; the group's RequireAuthorization guarantees there is one.</summary>
    private static long UserId(HttpContext context) =>
        long.Parse(context.GetUser().UserId!, NumberStyles.None, CultureInfo.InvariantCulture);
}
