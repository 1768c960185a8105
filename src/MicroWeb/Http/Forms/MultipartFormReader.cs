using System.Text;
using Microsoft.Extensions.Primitives;
using MicroWeb.Http.Query;

namespace MicroWeb.Http.Forms;

/// <summary>
/// Turns the parts of a multipart/form-data body (RFC 7578) into a <see cref="FormCollection"/>: a part
/// whose Content-Disposition has a file name is a <see cref="FormFile"/>, any other part a field whose
/// value is UTF-8 text (RFC 7578 §5.1.2).
/// </summary>
internal static class MultipartFormReader
{
    private const string DefaultFileContentType = "application/octet-stream";

    public static async Task<FormCollection> ReadAsync(Stream body, string boundary, FormOptions options, CancellationToken cancellationToken)
    {
        var fields = new StringValuesMapBuilder();
        var files = new List<FormFile>();
        using var reader = new MultipartReader(body, boundary, options);
        using var value = new PooledByteBuffer();
        try
        {
            while (await reader.NextPartAsync(cancellationToken))
            {
                var headers = await reader.ReadHeadersAsync(cancellationToken);
                if (fields.ValueCount + files.Count >= options.ValueCountLimit)
                    throw FormErrors.LimitExceeded("The number of form values", nameof(FormOptions.ValueCountLimit), options.ValueCountLimit);

                var disposition = FormPartDisposition.Parse(headers.TryGetValue("Content-Disposition", out var values) ? values[0] : null);
                if (Encoding.UTF8.GetByteCount(disposition.Name) > options.KeyLengthLimit)
                    throw FormErrors.LimitExceeded("A form field name", nameof(FormOptions.KeyLengthLimit), options.KeyLengthLimit);

                if (disposition.FileName is { } fileName)
                {
                    var content = new FormFileContent(options.MemoryBufferThreshold);
                    // Added before it is filled, so a failure below still disposes (and deletes) it.
                    var contentType = headers["Content-Type"];
                    files.Add(new FormFile(disposition.Name, fileName, StringValues.IsNullOrEmpty(contentType) ? DefaultFileContentType : contentType[0]!, headers, content));
                    ReadOnlyMemory<byte> chunk;
                    while (!(chunk = await reader.ReadBodyChunkAsync(cancellationToken)).IsEmpty)
                        await content.WriteAsync(chunk, cancellationToken);
                    await content.CompleteAsync(cancellationToken);
                }
                else
                {
                    value.Clear();
                    ReadOnlyMemory<byte> chunk;
                    while (!(chunk = await reader.ReadBodyChunkAsync(cancellationToken)).IsEmpty)
                    {
                        if (value.Length + chunk.Length > options.ValueLengthLimit)
                            throw FormErrors.LimitExceeded("A form field value", nameof(FormOptions.ValueLengthLimit), options.ValueLengthLimit);
                        value.Append(chunk.Span);
                    }
                    fields.Add(disposition.Name, Encoding.UTF8.GetString(value.Written));
                }
            }
        }
        catch
        {
            foreach (var file in files)
                file.Content.Dispose();
            throw;
        }
        return fields.ValueCount == 0 && files.Count == 0 ? FormCollection.Empty : new FormCollection(fields.Build(), [.. files]);
    }
}
