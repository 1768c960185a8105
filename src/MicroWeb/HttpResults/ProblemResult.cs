using MicroWeb.Http;

namespace MicroWeb.HttpResults;

/// <summary>
/// An RFC 9457 problem document (<c>application/problem+json</c>) with the request's trace id, the same id the
/// status-code pages show; extension values are serialized with the app's <see cref="JsonOptions"/>.
/// </summary>
internal sealed class ProblemResult(ProblemDocument problem) : IResult
{
    public ProblemDocument Problem => problem;

    public Task ExecuteAsync(HttpContext context) => ProblemDetailsWriter.WriteAsync(context, problem, ResultServices.Of(context).Json);
}
