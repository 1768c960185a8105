using MicroWeb.HttpResults;

namespace MicroWeb;

/// <summary>404 Not Found with an empty body; made by <see cref="TypedResults.NotFound"/>.</summary>
[DescribedResult(404)]
public sealed class NotFound : IResult
{
    /// <summary>The one instance: the result holds no state.</summary>
    internal static readonly NotFound Instance = new();

    private NotFound()
    {
    }

    /// <inheritdoc />
    public Task ExecuteAsync(HttpContext context) => StatusCodeResult.NotFound.ExecuteAsync(context);
}
