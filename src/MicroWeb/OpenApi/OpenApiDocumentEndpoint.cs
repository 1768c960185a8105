using System.Buffers;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Nodes;
using MicroWeb.Http.Files;

namespace MicroWeb.OpenApi;

/// <summary>
/// Serves the document: built once on the first request (so routes mapped after <c>MapOpenApi</c> are in it), then
/// the same UTF-8 bytes and ETag for every request; a request costs writing them, or a 304.
/// </summary>
internal sealed class OpenApiDocumentEndpoint(Func<JsonObject> build)
{
    private const string ContentType = "application/json; charset=utf-8";

    private readonly Lazy<Document> _document = new(() => Document.From(build()), LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>The serialized document (built now if it was not yet).</summary>
    public byte[] Bytes => _document.Value.Bytes;

    /// <summary>The strong validator of <see cref="Bytes"/>, quoted (RFC 9110 §8.8.3).</summary>
    public string ETag => _document.Value.ETag;

    [ExcludeFromDescription]
    public Task WriteAsync(HttpContext context)
    {
        var document = _document.Value;
        var response = context.Response;
        response.Headers["ETag"] = document.ETag;
        response.Headers["Cache-Control"] = "no-cache";
        // RFC 9110 §13.1.2: If-None-Match uses the weak comparison; a match on GET/HEAD is a 304 without a body.
        if (context.Request.Headers["If-None-Match"].ToString() is { Length: > 0 } ifNoneMatch && HttpValidators.ListMatches(ifNoneMatch, document.ETag, weak: true))
        {
            response.StatusCode = 304;
            return Task.CompletedTask;
        }

        response.ContentType = ContentType;
        response.ContentLength = document.Bytes.Length;
        var write = response.WriteAsync(document.Bytes, context.RequestAborted);
        return write.IsCompletedSuccessfully ? Task.CompletedTask : write.AsTask();
    }

    private sealed record Document(byte[] Bytes, string ETag)
    {
        public static Document From(JsonObject document)
        {
            var buffer = new ArrayBufferWriter<byte>(16 * 1024);
            using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
            {
                document.WriteTo(writer);
            }

            var bytes = buffer.WrittenSpan.ToArray();
            return new Document(bytes, "\"" + Convert.ToHexStringLower(SHA256.HashData(bytes).AsSpan(0, 12)) + "\"");
        }
    }
}
