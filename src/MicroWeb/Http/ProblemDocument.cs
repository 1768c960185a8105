namespace MicroWeb.Http;

/// <summary>
/// The members of an RFC 9457 problem document, before the request's trace id is added. <see cref="Type"/> is
/// <c>about:blank</c> unless the problem has its own URI, and then (RFC 9457 §4.2.1) the title is the status's phrase.
/// </summary>
/// <param name="Status">The HTTP status code, repeated in the document (§3.1.2).</param>
/// <param name="Type">A URI reference naming the problem type (§3.1.1).</param>
/// <param name="Title">A short summary of the problem type (§3.1.3); null for the status's reason phrase.</param>
/// <param name="Detail">An explanation of this occurrence (§3.1.4), or null.</param>
/// <param name="Instance">A URI reference naming this occurrence (§3.1.5), or null.</param>
/// <param name="Errors">Validation errors by field, written as the <c>errors</c> extension member, or null.</param>
/// <param name="Extensions">Further extension members (§3.2), serialized with the writer's options, or null.</param>
internal sealed record ProblemDocument(
    int Status,
    string Type = ProblemDocument.AboutBlank,
    string? Title = null,
    string? Detail = null,
    string? Instance = null,
    IEnumerable<KeyValuePair<string, IReadOnlyList<string>>>? Errors = null,
    IReadOnlyDictionary<string, object?>? Extensions = null)
{
    public const string AboutBlank = "about:blank";

    /// <summary>The members the writer writes itself; an extension may not reuse one (a JSON object's names are unique).</summary>
    public static bool IsReservedName(string name) =>
        name is "type" or "title" or "status" or "detail" or "instance" or "errors" or ProblemDetailsWriter.TraceIdMember;
}
