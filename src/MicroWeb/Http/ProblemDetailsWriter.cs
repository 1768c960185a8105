using System.Buffers;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace MicroWeb.Http;

/// <summary>
/// Writes <c>application/problem+json</c> (RFC 9457) with the request's trace id, the one writer of problem documents
/// for <c>Results.Problem</c>, <c>Results.ValidationProblem</c>, binding failures and the exception handler's
/// rejected requests. (The status-code pages write the same shape from bytes made at startup, since theirs carry
/// nothing but the status: <c>Middleware/Diagnostics/ErrorBodies</c>.) In <c>Http/</c> so that Middleware, which may not
/// use HttpResults, reaches it too.
/// </summary>
internal static class ProblemDetailsWriter
{
    public const string ContentType = "application/problem+json";

    /// <summary>The extension member carrying <see cref="HttpContext.TraceIdentifier"/>, as the status-code pages name it.</summary>
    public const string TraceIdMember = "traceId";

    /// <summary>
    /// Relaxed escaping keeps quotes and accents in messages readable; the document is served as JSON, never inlined
    /// into HTML. The member names are RFC 9457's whatever the app's naming policy is.
    /// </summary>
    private static readonly JsonWriterOptions s_writerOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private static readonly JsonSerializerOptions s_defaultValueOptions = CreateDefaultValueOptions();

    /// <summary>
    /// Sets the status and content type and writes <paramref name="problem"/>; extension values are serialized with
    /// <paramref name="valueOptions"/> (the app's JSON options), or web defaults when null.
    /// </summary>
    public static Task WriteAsync(HttpContext context, ProblemDocument problem, JsonSerializerOptions? valueOptions = null)
    {
        var response = context.Response;
        response.StatusCode = problem.Status;
        response.ContentType = ContentType;
        var buffer = new ArrayBufferWriter<byte>(256);
        Write(buffer, problem, context.TraceIdentifier, valueOptions ?? s_defaultValueOptions);
        var write = response.WriteAsync(buffer.WrittenMemory, context.RequestAborted);
        return write.IsCompletedSuccessfully ? Task.CompletedTask : write.AsTask();
    }

    /// <summary>The document's bytes: the standard members in RFC 9457's order, the errors, the extensions, then the trace id.</summary>
    public static void Write(IBufferWriter<byte> output, ProblemDocument problem, string traceId, JsonSerializerOptions valueOptions)
    {
        using var writer = new Utf8JsonWriter(output, s_writerOptions);
        writer.WriteStartObject();
        writer.WriteString("type", problem.Type);
        var title = problem.Title ?? ReasonPhrases.Get(problem.Status);
        if (title.Length > 0) writer.WriteString("title", title);
        writer.WriteNumber("status", problem.Status);
        if (problem.Detail is not null) writer.WriteString("detail", problem.Detail);
        if (problem.Instance is not null) writer.WriteString("instance", problem.Instance);
        if (problem.Errors is not null)
        {
            writer.WriteStartObject("errors");
            foreach (var (key, messages) in problem.Errors)
            {
                writer.WriteStartArray(key);
                foreach (var message in messages) writer.WriteStringValue(message);
                writer.WriteEndArray();
            }
            writer.WriteEndObject();
        }
        if (problem.Extensions is not null)
        {
            foreach (var (name, value) in problem.Extensions)
            {
                writer.WritePropertyName(name);
                JsonSerializer.Serialize(writer, value, JsonTypes.For(valueOptions, value?.GetType() ?? typeof(object)));
            }
        }
        writer.WriteString(TraceIdMember, traceId);
        writer.WriteEndObject();
    }

    private static JsonSerializerOptions CreateDefaultValueOptions()
    {
        var options = JsonTypes.CreateWebOptions();
        options.Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping;
        return options;
    }
}
