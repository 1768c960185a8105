using MicroWeb.HttpResults;

namespace MicroWeb;

/// <summary>204 No Content with an empty body; made by <see cref="TypedResults.NoContent"/>.</summary>
public sealed class NoContent : IResult, IDescribedResult
{
    /// <summary>The one instance: the result holds no state.</summary>
    internal static readonly NoContent Instance = new();

    private NoContent()
    {
    }

    static IReadOnlyList<ResponseDescription> IDescribedResult.Responses { get; } = [new(204, null)];

    /// <inheritdoc />
    public Task ExecuteAsync(HttpContext context) => StatusCodeResult.NoContent.ExecuteAsync(context);
}
