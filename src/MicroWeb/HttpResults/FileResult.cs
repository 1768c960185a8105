using System.Text;

namespace MicroWeb.HttpResults;

/// <summary>
/// A file sent as the body, from a path on disk, a byte array or a stream, with an exact Content-Length
/// where the size is known and, with a download name, <c>Content-Disposition: attachment</c>.
/// </summary>
internal sealed class FileResult : IResult
{
    private const int CopyBufferSize = 64 * 1024;

    private readonly string? _path;
    private readonly ReadOnlyMemory<byte> _bytes;
    private readonly Stream? _stream;

    private FileResult(string contentType, string? downloadName, string? path, ReadOnlyMemory<byte> bytes, Stream? stream)
    {
        ArgumentException.ThrowIfNullOrEmpty(contentType);
        ContentType = contentType;
        DownloadName = downloadName;
        _path = path;
        _bytes = bytes;
        _stream = stream;
    }

    public string ContentType { get; }

    public string? DownloadName { get; }

    public static FileResult FromPath(string path, string contentType, string? downloadName)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        return new FileResult(contentType, downloadName, path, default, null);
    }

    public static FileResult FromBytes(byte[] bytes, string contentType, string? downloadName)
    {
        ArgumentNullException.ThrowIfNull(bytes);
        return new FileResult(contentType, downloadName, null, bytes, null);
    }

    public static FileResult FromStream(Stream stream, string contentType, string? downloadName)
    {
        ArgumentNullException.ThrowIfNull(stream);
        return new FileResult(contentType, downloadName, null, default, stream);
    }

    public async Task ExecuteAsync(HttpContext context)
    {
        HttpResponse response = context.Response;
        if (_path is not null)
        {
            string fullPath = Path.IsPathRooted(_path)
                ? _path
                : Path.Combine(ResultServices.Of(context).ContentRootPath, _path);
            FileStream file;
            try
            {
                file = new FileStream(fullPath, FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.Asynchronous | FileOptions.SequentialScan);
            }
            catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
            {
                response.StatusCode = 404;
                return;
            }

            await using (file.ConfigureAwait(false))
            {
                WriteHeaders(response, file.Length);
                if (!HttpMethods.IsHead(context.Request.Method))
                {
                    await CopyAsync(file, response, context.RequestAborted).ConfigureAwait(false);
                }
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
        response.ContentType = ContentType;
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
        foreach (char c in name)
        {
            ascii.Append(c is >= ' ' and < (char)127 and not '"' and not '\\' ? c : '_');
        }

        foreach (byte b in Encoding.UTF8.GetBytes(name))
        {
            // RFC 8187 attr-char: ALPHA / DIGIT / "!#$&+-.^_`|~"; everything else is percent-encoded.
            if (char.IsAsciiLetterOrDigit((char)b) || "!#$&+-.^_`|~".Contains((char)b))
            {
                encoded.Append((char)b);
            }
            else
            {
                encoded.Append('%').Append(b.ToString("X2", System.Globalization.CultureInfo.InvariantCulture));
            }
        }

        return $"attachment; filename=\"{ascii}\"; filename*=UTF-8''{encoded}";
    }
}
