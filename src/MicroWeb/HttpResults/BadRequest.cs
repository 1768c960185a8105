using MicroWeb.HttpResults;

namespace MicroWeb;

/// <summary>400 Bad Request with an empty body; made by <see cref="TypedResults.BadRequest"/>.</summary>
public sealed class BadRequest : IResult, IDescribedResult
{
    /// <summary>The one instance: the result holds no state.</summary>
    internal static readonly BadRequest Instance = new();

    private BadRequest()
    {
    }

    static IReadOnlyList<ResponseDescription> IDescribedResult.Responses { get; } = [new(400, null)];

    /// <inheritdoc />
    public Task ExecuteAsync(HttpContext context) => StatusCodeResult.BadRequest.ExecuteAsync(context);
}
