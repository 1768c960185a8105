using MicroWeb.HttpResults;

namespace MicroWeb;

/// <summary>204 No Content with an empty body; made by <see cref="TypedResults.NoContent"/>.</summary>
[DescribedResult(204)]
public sealed class NoContent : IResult
{
    /// <summary>The one instance: the result holds no state.</summary>
    internal static readonly NoContent Instance = new();

    private NoContent()
    {
    }

    /// <inheritdoc />
    public Task ExecuteAsync(HttpContext context) => StatusCodeResult.NoContent.ExecuteAsync(context);
}
