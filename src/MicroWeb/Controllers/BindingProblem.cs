using System.Text;
using MicroWeb.Http;
using MicroWeb.HttpResults;

namespace MicroWeb.Controllers;

/// <summary>
/// Writes the answer to a request whose values could not be bound: <c>application/problem+json</c>
/// (RFC 9457, through <see cref="ProblemDetailsWriter"/>, with the trace id) for clients speaking JSON, short plain text otherwise. Every line names the parameter.
/// </summary>
internal static class BindingProblem
{
    public static Task WriteAsync(BindingContext binding)
    {
        var context = binding.HttpContext;
        var response = context.Response;
        var errors = binding.Errors!;
        var status = binding.ProblemStatus;
        response.StatusCode = status;
        if (status != 400)
        {
            // A body rejected part-way (too large, wrong type) may be unread: its framing is no longer trusted.
            response.Headers["Connection"] = "close";
        }

        var detail = new StringBuilder();
        foreach (var error in errors)
        {
            if (detail.Length > 0)
            {
                detail.Append(' ');
            }

            detail.Append(error.Message);
        }

        if (binding.BodyIsJson || AcceptsJson(context.Request))
        {
            var byKey = new Dictionary<string, IReadOnlyList<string>>(StringComparer.OrdinalIgnoreCase);
            foreach (var error in errors)
            {
                if (byKey.TryGetValue(error.Key, out var messages)) ((List<string>)messages).Add(error.Message);
                else byKey.Add(error.Key, new List<string> { error.Message });
            }

            return ProblemDetailsWriter.WriteAsync(context, new ProblemDocument(status, TypeUri(status), Title(status), detail.ToString(), Errors: byKey));
        }

        response.ContentType = TextResult.PlainText;
        var text = response.WriteAsync($"{status} {Title(status)}: {detail}\n", context.RequestAborted);
        return text.IsCompletedSuccessfully ? Task.CompletedTask : text.AsTask();
    }

    /// <summary>True when the Accept header names JSON (<c>application/json</c> or any <c>+json</c> type).</summary>
    internal static bool AcceptsJson(HttpRequest request)
    {
        foreach (var accept in request.Headers["Accept"])
        {
            if (accept is not null
                && (accept.Contains("application/json", StringComparison.OrdinalIgnoreCase)
                    || accept.Contains("+json", StringComparison.OrdinalIgnoreCase)))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>A value from the request, shortened for an error message so a huge input is not echoed back whole.</summary>
    internal static string Quote(string? value) =>
        value is null ? "null" : value.Length <= 64 ? $"'{value}'" : $"'{value.AsSpan(0, 64)}…'";

    private static string Title(int status) => status switch
    {
        413 => "Content Too Large",
        415 => "Unsupported Media Type",
        _ => "Bad Request",
    };

    private static string TypeUri(int status) => status switch
    {
        413 => "https://www.rfc-editor.org/rfc/rfc9110#section-15.5.14",
        415 => "https://www.rfc-editor.org/rfc/rfc9110#section-15.5.16",
        _ => "https://www.rfc-editor.org/rfc/rfc9110#section-15.5.1",
    };
}
