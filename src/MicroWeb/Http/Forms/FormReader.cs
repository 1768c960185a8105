using System.Buffers;
using System.Text;

namespace MicroWeb.Http.Forms;

/// <summary>
/// Reads a request body as a form, choosing the parser by Content-Type: application/x-www-form-urlencoded
/// or multipart/form-data. Malformed bodies throw <see cref="BadHttpRequestException"/> with 400, bodies
/// over a <see cref="FormOptions"/> limit 413, any other Content-Type 415.
/// </summary>
internal static class FormReader
{
    private const string UrlEncoded = "application/x-www-form-urlencoded";
    private const string Multipart = "multipart/form-data";
    private const int ReadBufferSize = 4096;

    /// <summary>Whether <paramref name="contentType"/> names a form media type this reader understands.</summary>
    public static bool IsFormContentType(string? contentType) =>
        ParameterizedHeaderValue.TryParse(contentType, out var mediaType)
        && (IsMediaType(mediaType, UrlEncoded) || IsMediaType(mediaType, Multipart));

    // async so that rejections surface through the returned task, like the errors found mid-body.
    public static async Task<FormCollection> ReadAsync(Stream body, string? contentType, FormOptions options, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(body);
        ArgumentNullException.ThrowIfNull(options);

        if (!ParameterizedHeaderValue.TryParse(contentType, out var mediaType))
            throw new BadHttpRequestException($"The request has no usable Content-Type; a form needs {UrlEncoded} or {Multipart}.", 415);
        if (IsMediaType(mediaType, UrlEncoded))
            return await ReadUrlEncodedAsync(body, options, ct);
        if (IsMediaType(mediaType, Multipart))
            return await MultipartFormReader.ReadAsync(body, GetBoundary(mediaType, options), options, ct);
        throw new BadHttpRequestException($"Content-Type '{mediaType.Value}' is not a form; expected {UrlEncoded} or {Multipart}.", 415);
    }

    // The urlencoded body's charset parameter is ignored: browsers encode forms as UTF-8 (WHATWG HTML
    // §4.10.21.8), and decoding anything else is not supported.
    private static async Task<FormCollection> ReadUrlEncodedAsync(Stream body, FormOptions options, CancellationToken ct)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(ReadBufferSize);
        try
        {
            using var parser = new UrlEncodedFormParser(options);
            int read;
            while ((read = await body.ReadAsync(buffer, ct)) > 0)
                parser.Write(buffer.AsSpan(0, read));
            return parser.Complete();
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private static string GetBoundary(ParameterizedHeaderValue mediaType, FormOptions options)
    {
        var boundary = mediaType.GetParameter("boundary");
        if (string.IsNullOrEmpty(boundary))
            throw FormErrors.Malformed("The multipart/form-data Content-Type has no boundary parameter (RFC 7578 §4.1).");
        if (boundary.Length > options.MultipartBoundaryLengthLimit)
            throw FormErrors.Malformed($"The multipart boundary is longer than FormOptions.MultipartBoundaryLengthLimit ({options.MultipartBoundaryLengthLimit}).");
        // RFC 2046 §5.1.1 bchars are printable ASCII; the boundary is matched as ASCII bytes.
        if (!Ascii.IsValid(boundary) || boundary.AsSpan().ContainsAnyInRange('\0', '\x1f'))
            throw FormErrors.Malformed("The multipart boundary contains characters RFC 2046 does not allow.");
        return boundary;
    }

    private static bool IsMediaType(ParameterizedHeaderValue mediaType, string expected) =>
        mediaType.Value.Equals(expected, StringComparison.OrdinalIgnoreCase);
}
