using System.Text.Json;
using MicroWeb;

namespace MessageBoard.Api;

/// <summary>RFC 9457 problem documents for the API's own client errors.</summary>
public static class ApiProblem
{
    private static readonly JsonSerializerOptions s_json = new(JsonSerializerDefaults.Web);

    /// <summary>400 with the ModelState errors under <c>errors</c>, keyed by field.</summary>
    public static IResult Validation(ModelStateDictionary modelState) =>
        Write(400, "One or more values are invalid.", modelState.ToDictionary(e => e.Key, e => e.Value));

    public static IResult NotFound(string detail) => Write(404, detail);

    public static IResult Forbidden(string detail) => Write(403, detail);

    private static IResult Write(int status, string detail, IReadOnlyDictionary<string, IReadOnlyList<string>>? errors = null)
    {
        var title = status switch { 400 => "Bad Request", 403 => "Forbidden", _ => "Not Found" };
        var problem = new Dictionary<string, object?>
        {
            ["type"] = $"https://www.rfc-editor.org/rfc/rfc9110#status.{status}",
            ["title"] = title,
            ["status"] = status,
            ["detail"] = detail,
        };
        if (errors is not null) problem["errors"] = errors;
        return Results.Text(JsonSerializer.Serialize(problem, s_json), "application/problem+json; charset=utf-8", status);
    }
}
