namespace MessageBoard.Api;

/// <summary>
/// An RFC 9457 problem document as <c>Results.Problem</c> writes it (<c>application/problem+json</c>), named in
/// <c>[ProducesResponseType]</c> so the OpenAPI document gives error responses a schema. Nothing constructs it.
/// </summary>
/// <param name="Type">A URI naming the problem; <c>about:blank</c> when the status says it all.</param>
/// <param name="Title">A short summary: the status's reason phrase for <c>about:blank</c>.</param>
/// <param name="Status">The HTTP status code.</param>
/// <param name="Detail">What went wrong with this request, for a person.</param>
/// <param name="TraceId">The request's id in the server's log.</param>
public sealed record ApiProblemDetails(string Type, string Title, int Status, string Detail, string TraceId);

/// <summary>A 400 problem document from <c>Results.ValidationProblem</c>: <see cref="Errors"/> by field.</summary>
/// <param name="Type">A URI naming the problem.</param>
/// <param name="Title"><c>One or more validation errors occurred.</c></param>
/// <param name="Status">400.</param>
/// <param name="Errors">The messages for each field that is missing or invalid.</param>
/// <param name="TraceId">The request's id in the server's log.</param>
public sealed record ApiValidationProblemDetails(string Type, string Title, int Status, IReadOnlyDictionary<string, string[]> Errors, string TraceId);
