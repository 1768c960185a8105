using System.Buffers;
using System.Globalization;
using Microsoft.Win32.SafeHandles;

namespace MicroWeb.Http.Files;

/// <summary>What a GET or HEAD of a file is answered with, once its preconditions and Range are weighed.</summary>
internal enum FileAnswer
{
    /// <summary>200 with the whole representation.</summary>
    Full,
    /// <summary>206 with one byte range.</summary>
    Partial,
    /// <summary>304: the client's copy is current (If-None-Match / If-Modified-Since).</summary>
    NotModified,
    /// <summary>412: If-Match / If-Unmodified-Since did not hold.</summary>
    PreconditionFailed,
    /// <summary>416: the range lies outside the representation.</summary>
    RangeNotSatisfiable,
}

/// <summary>
/// The one way a file is served, shared by the static-file middleware and <c>Results.File</c>: conditional requests
/// (RFC 9110 §13), single byte ranges (§14) and the headers that go with them, and streaming a file's bytes from a
/// handle through a pooled buffer. Callers bring the file's validators, its content type and whether the request is HEAD.
/// </summary>
internal static class FileResponder
{
    private const int StreamBufferSize = 64 * 1024;

    /// <summary>
    /// Weighs the request's preconditions in the order of RFC 9110 §13.2.2 (If-Match, else If-Unmodified-Since: 412;
    /// If-None-Match, which wins over If-Modified-Since: 304), then a single Range (§14.2, not for HEAD) subject to
    /// If-Range (§13.1.5). <paramref name="start"/> and <paramref name="count"/> are the bytes to send.
    /// </summary>
    public static FileAnswer Evaluate(HeaderDictionary requestHeaders, FileValidators file, bool isHead, out long start, out long count)
    {
        start = 0;
        count = file.Length;
        var preconditionFailed = requestHeaders.TryGetValue("If-Match", out var ifMatch)
            ? !HttpValidators.ListMatches(ifMatch.ToString(), file.ETag, weak: false)
            : HttpValidators.TryParseDate(requestHeaders["If-Unmodified-Since"].ToString(), out var unmodifiedSince) && file.LastModified > unmodifiedSince;
        if (preconditionFailed) return FileAnswer.PreconditionFailed;
        var notModified = requestHeaders.TryGetValue("If-None-Match", out var ifNoneMatch)
            ? HttpValidators.ListMatches(ifNoneMatch.ToString(), file.ETag, weak: true)
            : HttpValidators.TryParseDate(requestHeaders["If-Modified-Since"].ToString(), out var modifiedSince) && file.LastModified <= modifiedSince;
        if (notModified) return FileAnswer.NotModified;

        if (isHead || !requestHeaders.TryGetValue("Range", out var range) || range.Count != 1 || !IfRangeHolds(requestHeaders, file)) return FileAnswer.Full;
        switch (HttpValidators.ParseRange(range[0]!, file.Length, out start, out count))
        {
            case HttpValidators.RangeKind.Unsatisfiable:
                return FileAnswer.RangeNotSatisfiable;
            case HttpValidators.RangeKind.Single:
                return FileAnswer.Partial;
            default:
                start = 0;
                count = file.Length;
                return FileAnswer.Full;
        }
    }

    /// <summary>
    /// Writes the answers that carry no body: 412, 304 with its validators (RFC 9110 §15.4.5; the entity tag given,
    /// weak when a compressed variant would have been sent) and 416. False for 200 and 206, which the caller sends.
    /// </summary>
    public static bool TryAnswerWithoutBody(HttpResponse response, FileValidators file, FileAnswer answer, string notModifiedETag, string? cacheControl)
    {
        switch (answer)
        {
            case FileAnswer.PreconditionFailed:
                response.StatusCode = 412;
                return true;
            case FileAnswer.NotModified:
                response.StatusCode = 304;
                SetValidators(response.Headers, file, notModifiedETag, cacheControl);
                return true;
            case FileAnswer.RangeNotSatisfiable:
                response.StatusCode = 416;
                response.Headers["Content-Range"] = string.Create(CultureInfo.InvariantCulture, $"bytes */{file.Length}");
                SetValidators(response.Headers, file, file.ETag, cacheControl);
                response.Headers["Accept-Ranges"] = "bytes";
                return true;
            default:
                return false;
        }
    }

    /// <summary>ETag (the one given: strong, or weak for a compressed variant), Last-Modified and Cache-Control.</summary>
    public static void SetValidators(HeaderDictionary headers, FileValidators file, string etag, string? cacheControl)
    {
        headers["ETag"] = etag;
        headers["Last-Modified"] = file.LastModifiedHeader;
        if (cacheControl is not null) headers["Cache-Control"] = cacheControl;
    }

    /// <summary>The headers of a representation of <paramref name="length"/> bytes: Content-Type, Content-Length, Accept-Ranges and the validators.</summary>
    public static void SetEntityHeaders(HttpResponse response, string contentType, FileValidators file, string etag, long length, string? cacheControl)
    {
        response.ContentType = contentType;
        response.ContentLength = length;
        response.Headers["Accept-Ranges"] = "bytes";
        SetValidators(response.Headers, file, etag, cacheControl);
    }

    /// <summary>The status (200 or 206), the entity headers for the selected bytes and, for 206, their Content-Range (RFC 9110 §14.4).</summary>
    public static void SetBodyHeaders(HttpResponse response, string contentType, FileValidators file, FileAnswer answer, long start, long count, string? cacheControl)
    {
        response.StatusCode = answer == FileAnswer.Partial ? 206 : 200;
        SetEntityHeaders(response, contentType, file, file.ETag, count, cacheControl);
        if (answer == FileAnswer.Partial)
            response.Headers["Content-Range"] = string.Create(CultureInfo.InvariantCulture, $"bytes {start}-{start + count - 1}/{file.Length}");
    }

    /// <summary>
    /// Answers a request for an open file with no cache and no pre-compressed variants (<c>Results.File</c>): 412, 304,
    /// 416, 206 or 200 with validators, and the selected bytes unless <paramref name="isHead"/> (with sendfile when
    /// the output offers it and the bytes are more than <see cref="StreamBufferSize"/>). When
    /// <paramref name="conditional"/> is false (a method other than GET and HEAD) the whole file is sent, 200.
    /// </summary>
    public static async Task SendAsync(HttpContext context, SafeFileHandle handle, FileValidators file, string contentType, bool isHead, bool conditional, string? contentDisposition)
    {
        var response = context.Response;
        long start = 0;
        var count = file.Length;
        var answer = conditional ? Evaluate(context.Request.Headers, file, isHead, out start, out count) : FileAnswer.Full;
        if (TryAnswerWithoutBody(response, file, answer, file.ETag, cacheControl: null)) return;
        SetBodyHeaders(response, contentType, file, answer, start, count, cacheControl: null);
        if (contentDisposition is not null) response.Headers["Content-Disposition"] = contentDisposition;
        if (isHead) return;
        // Zero copy (sendfile) as for static files, where the output allows it (a plain socket, nothing transforming the
        // body) and the bytes are more than one buffer: a smaller file goes out with its head in one write instead.
        if (count > StreamBufferSize && await response.Output.TrySendFileAsync(handle, start, count, context.RequestAborted).ConfigureAwait(false)) return;
        await StreamAsync(response, handle, start, count, context.RequestAborted).ConfigureAwait(false);
    }

    /// <summary>Writes <paramref name="count"/> bytes of the file from <paramref name="start"/>, read with <see cref="RandomAccess"/> into a pooled buffer, so memory stays bounded whatever the size.</summary>
    public static async Task StreamAsync(HttpResponse response, SafeFileHandle handle, long start, long count, CancellationToken cancellationToken)
    {
        var buffer = ArrayPool<byte>.Shared.Rent((int)Math.Min(StreamBufferSize, Math.Max(count, 1)));
        try
        {
            var position = start;
            var remaining = count;
            while (remaining > 0)
            {
                var read = await RandomAccess.ReadAsync(handle, buffer.AsMemory(0, (int)Math.Min(buffer.Length, remaining)), position, cancellationToken).ConfigureAwait(false);
                // The headers promised `count` bytes; a file truncated mid-send cannot keep that promise, so the connection is aborted.
                if (read == 0) throw new IOException("A file became shorter while it was being sent.");
                await response.WriteAsync(buffer.AsMemory(0, read), cancellationToken).ConfigureAwait(false);
                position += read;
                remaining -= read;
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>RFC 9110 §13.1.5: the range applies only if the validator still matches; an entity tag by strong comparison, a date exactly.</summary>
    private static bool IfRangeHolds(HeaderDictionary requestHeaders, FileValidators file)
    {
        if (!requestHeaders.TryGetValue("If-Range", out var ifRange)) return true;
        var value = ifRange.ToString().Trim();
        if (value.StartsWith('"') || value.StartsWith("W/", StringComparison.Ordinal)) return HttpValidators.StrongEquals(value, file.ETag);
        return HttpValidators.TryParseDate(value, out var date) && date == file.LastModified;
    }
}
