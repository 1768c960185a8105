using MicroWeb.HttpResults;

namespace MicroWeb;

/// <summary>404 Not Found with an empty body; made by <see cref="TypedResults.NotFound"/>.</summary>
public sealed class NotFound : IResult, IDescribedResult
{
    /// <summary>The one instance: the result holds no state.</summary>
    internal static readonly NotFound Instance = new();

    private NotFound()
    {
    }

    static IReadOnlyList<ResponseDescription> IDescribedResult.Responses { get; } = [new(404, null)];

    /// <inheritdoc />
    public Task ExecuteAsync(HttpContext context) => StatusCodeResult.NotFound.ExecuteAsync(context);
}
