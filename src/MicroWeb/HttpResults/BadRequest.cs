using MicroWeb.HttpResults;

namespace MicroWeb;

/// <summary>400 Bad Request with an empty body; made by <see cref="TypedResults.BadRequest"/>.</summary>
[DescribedResult(400)]
public sealed class BadRequest : IResult
{
    /// <summary>The one instance: the result holds no state.</summary>
    internal static readonly BadRequest Instance = new();

    private BadRequest()
    {
    }

    /// <inheritdoc />
    public Task ExecuteAsync(HttpContext context) => StatusCodeResult.BadRequest.ExecuteAsync(context);
}
