using System.Text;
using Microsoft.Win32.SafeHandles;
using MicroWeb.Http;
using MicroWeb.Http.Files;

namespace MicroWeb.HttpResults;

/// <summary>
/// A file sent as the body, from a path on disk, a byte array or a stream, with an exact Content-Length
/// where the size is known and, with a download name, <c>Content-Disposition: attachment</c>. A file on disk is
/// served like a static file (<see cref="FileResponder"/>): ETag and Last-Modified, 304 / 412 on its
/// preconditions, single byte ranges (206 / 416), and its Content-Type from the extension when none is given.
/// </summary>
internal sealed class FileResult : IResult
{
    private const int CopyBufferSize = 64 * 1024;
    private const string UnknownContentType = "application/octet-stream";

    private readonly string? _path;
    private readonly ReadOnlyMemory<byte> _bytes;
    private readonly Stream? _stream;

    private FileResult(string? contentType, string? downloadName, string? path, ReadOnlyMemory<byte> bytes, Stream? stream)
    {
        ContentType = contentType;
        DownloadName = downloadName;
        _path = path;
        _bytes = bytes;
        _stream = stream;
    }

    /// <summary>The Content-Type; null for a path when it comes from the file's extension.</summary>
    public string? ContentType { get; }

    public string? DownloadName { get; }

    public static FileResult FromPath(string path, string? contentType, string? downloadName)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        if (contentType is not null) ArgumentException.ThrowIfNullOrEmpty(contentType);
        return new FileResult(contentType, downloadName, path, default, null);
    }

    public static FileResult FromBytes(byte[] bytes, string contentType, string? downloadName)
    {
        ArgumentNullException.ThrowIfNull(bytes);
        ArgumentException.ThrowIfNullOrEmpty(contentType);
        return new FileResult(contentType, downloadName, null, bytes, null);
    }

    public static FileResult FromStream(Stream stream, string contentType, string? downloadName)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentException.ThrowIfNullOrEmpty(contentType);
        return new FileResult(contentType, downloadName, null, default, stream);
    }

    public async Task ExecuteAsync(HttpContext context)
    {
        var response = context.Response;
        if (_path is not null)
        {
            var fullPath = Path.IsPathRooted(_path)
                ? _path
                : Path.Combine(ResultServices.Of(context).ContentRootPath, _path);
            SafeFileHandle file;
            try
            {
                file = File.OpenHandle(fullPath, FileMode.Open, FileAccess.Read, FileShare.Read, FileOptions.Asynchronous | FileOptions.SequentialScan);
            }
            catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
            {
                response.StatusCode = 404;
                return;
            }

            using (file)
            {
                // Length and last-write time from the open handle, so the validators describe the bytes sent.
                var validators = new FileValidators(RandomAccess.GetLength(file), File.GetLastWriteTimeUtc(file));
                var contentType = ContentType ?? ContentTypeMap.BuiltInContentType(fullPath) ?? UnknownContentType;
                var method = context.Request.Method;
                var isHead = HttpMethods.IsHead(method);
                // RFC 9110 §13.2.1 and §14.2: preconditions and Range are evaluated for GET and HEAD here; another
                // method's action that answers with a file sends it whole.
                var conditional = isHead || string.Equals(method, HttpMethods.Get, StringComparison.Ordinal);
                var disposition = DownloadName is { Length: > 0 } name ? ContentDisposition(name) : null;
                await FileResponder.SendAsync(context, file, validators, contentType, isHead, conditional, disposition).ConfigureAwait(false);
            }

            return;
        }

        if (_stream is null)
        {
            WriteHeaders(response, _bytes.Length);
            await response.WriteAsync(_bytes, context.RequestAborted).ConfigureAwait(false);
            return;
        }

        // The result owns the stream it was given, as the action handed it over and cannot dispose it itself.
        await using (_stream.ConfigureAwait(false))
        {
            long? length = _stream.CanSeek ? _stream.Length - _stream.Position : null;
            WriteHeaders(response, length);
            // A HEAD response with a known length needs no body bytes: the server sends the headers only.
            if (length is null || !HttpMethods.IsHead(context.Request.Method))
            {
                await CopyAsync(_stream, response, context.RequestAborted).ConfigureAwait(false);
            }
        }
    }

    private void WriteHeaders(HttpResponse response, long? length)
    {
        response.ContentType = ContentType!;
        response.ContentLength = length;
        if (DownloadName is { Length: > 0 } name)
        {
            response.Headers["Content-Disposition"] = ContentDisposition(name);
        }
    }

    private static async Task CopyAsync(Stream source, HttpResponse response, CancellationToken cancellationToken)
    {
        await source.CopyToAsync(response.Body, CopyBufferSize, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// RFC 6266 §4.3: an ASCII <c>filename</c> for old clients plus <c>filename*</c> (RFC 8187, UTF-8,
    /// percent-encoded) for the real name.
    /// </summary>
    internal static string ContentDisposition(string name)
    {
        var ascii = new StringBuilder(name.Length);
        var encoded = new StringBuilder(name.Length * 3);
        foreach (var c in name)
        {
            ascii.Append(c is >= ' ' and < (char)127 and not '"' and not '\\' ? c : '_');
        }

        foreach (var b in Encoding.UTF8.GetBytes(name))
        {
            // RFC 8187 attr-char: ALPHA / DIGIT / "!#$&+-.^_`|~"; everything else is percent-encoded.
            if (char.IsAsciiLetterOrDigit((char)b) || "!#$&+-.^_`|~".Contains((char)b))
            {
                encoded.Append((char)b);
            }
            else
            {
                encoded.Append('%').Append(HeaderGrammar.UpperHexDigit(b >> 4)).Append(HeaderGrammar.UpperHexDigit(b & 0xF));
            }
        }

        return $"attachment; filename=\"{ascii}\"; filename*=UTF-8''{encoded}";
    }
}
