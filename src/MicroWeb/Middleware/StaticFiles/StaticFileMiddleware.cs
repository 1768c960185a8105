using System.Collections.Frozen;
using System.Text;
using Microsoft.Win32.SafeHandles;
using MicroWeb.Http.Files;
using MicroWeb.Middleware.Compression;

namespace MicroWeb.Middleware.StaticFiles;

/// <summary>Serves one mount of static files; see <see cref="StaticFileExtensions.UseStaticFiles"/>.</summary>
/// <remarks>
/// Small files are answered from memory with one copy into the server's response buffer. Larger ones are read
/// with <see cref="RandomAccess"/> into a pooled buffer and written piece by piece with a Content-Length, so memory
/// stays bounded whatever the file size. (A zero-copy sendfile is not possible through the server's pipe writer.)
/// </remarks>
internal sealed class StaticFileMiddleware
{
    private readonly string _requestPath;
    private readonly StaticFileCache _cache;
    private readonly string? _cacheControl;
    private readonly bool _serveDotFiles;
    private readonly string? _defaultDocument;
    private readonly FrozenDictionary<string, string>.AlternateLookup<ReadOnlySpan<char>> _contentTypes;
    private readonly string? _unknownContentType;

    public StaticFileMiddleware(StaticFileOptions options, IStaticFileProvider provider)
    {
        ArgumentNullException.ThrowIfNull(options.ContentTypes, nameof(options.ContentTypes));
        ArgumentOutOfRangeException.ThrowIfNegative(options.MaxCachedFileSize, nameof(options.MaxCachedFileSize));
        ArgumentOutOfRangeException.ThrowIfNegative(options.CacheSizeLimit, nameof(options.CacheSizeLimit));
        ArgumentOutOfRangeException.ThrowIfLessThan(options.FileCheckInterval, TimeSpan.Zero, nameof(options.FileCheckInterval));
        if (options.ServeUnknownFileTypes) ArgumentException.ThrowIfNullOrWhiteSpace(options.DefaultContentType, nameof(options.DefaultContentType));
        if (options.DefaultDocument is { } document && !StaticPathValidator.TryGetRelativePath("/" + document, options.ServeDotFiles, out _))
            throw new ArgumentException($"The default document '{document}' is not a valid file name.", nameof(options));

        _requestPath = PathPrefix.Normalize(options.RequestPath, nameof(options.RequestPath));
        _cacheControl = string.IsNullOrEmpty(options.CacheControl) ? null : options.CacheControl;
        _serveDotFiles = options.ServeDotFiles;
        _defaultDocument = options.DefaultDocument;
        _contentTypes = options.ContentTypes.Freeze();
        _unknownContentType = options.ServeUnknownFileTypes ? options.DefaultContentType : null;
        _cache = new StaticFileCache(provider, ContentTypeOf, options.MaxCachedFileSize, options.CacheSizeLimit, options.FileCheckInterval);
    }

    internal StaticFileCache Cache => _cache;

    public Task InvokeAsync(HttpContext context, RequestDelegate next)
    {
        var request = context.Request;
        var isHead = HttpMethods.IsHead(request.Method);
        if (!isHead && request.Method != HttpMethods.Get) return next(context);
        var path = request.Path;
        if (!PathPrefix.Matches(path, _requestPath)) return next(context);
        var subpath = path.AsSpan(_requestPath.Length);
        if (!StaticPathValidator.TryGetRelativePath(subpath, _serveDotFiles, out var relative)) return next(context);

        if (subpath.IsEmpty || relative.IsEmpty || relative[^1] == '/')
        {
            if (_defaultDocument is null) return next(context);
            var document = _cache.Get(string.Concat(relative, _defaultDocument));
            if (document is null) return next(context);
            // "/static" without its slash: relative links in the document would resolve against the parent.
            return subpath.IsEmpty ? RedirectToFolder(context) : ServeAsync(context, document, isHead, next, retried: false);
        }

        var entry = _cache.Get(relative);
        if (entry is not null) return ServeAsync(context, entry, isHead, next, retried: false);
        if (_defaultDocument is not null && _cache.Provider.IsDirectory(relative.ToString())
            && _cache.Get(string.Concat(relative, "/", _defaultDocument)) is not null)
            return RedirectToFolder(context);
        return next(context);
    }

    private string? ContentTypeOf(string relativePath)
    {
        var extension = Path.GetExtension(relativePath.AsSpan());
        if (extension.Length > 1 && _contentTypes.TryGetValue(extension, out var contentType)) return contentType;
        return _unknownContentType;
    }

    private async Task ServeAsync(HttpContext context, StaticFileEntry entry, bool isHead, RequestDelegate next, bool retried)
    {
        var request = context.Request;
        var response = context.Response;
        var requestHeaders = request.Headers;

        // Set by UseResponseCompression further out: small files then go out pre-compressed from memory.
        var compression = response.Output as ResponseCompressionOutput;
        var compressible = compression is not null && compression.Policy.IsCompressible(entry.ContentType) && entry.Length >= compression.Policy.MinimumSize;
        var encoding = compressible && entry.Cacheable ? compression!.Encoding : -1;

        var validators = entry.Validators;
        var answer = FileResponder.Evaluate(requestHeaders, validators, isHead, out var start, out var count);
        var headers = response.Headers;
        if (FileResponder.TryAnswerWithoutBody(response, validators, answer, encoding >= 0 ? validators.WeakETag : validators.ETag, _cacheControl))
        {
            if (answer == FileAnswer.NotModified && compressible) ResponseCompressionOutput.AppendVary(headers);
            return;
        }

        if (isHead)
        {
            FileResponder.SetEntityHeaders(response, entry.ContentType, validators, validators.ETag, count, _cacheControl);
            if (compressible) ResponseCompressionOutput.AppendVary(headers);
            return;
        }

        // Find the bytes before committing any header: the file may have changed since it was looked at.
        var content = entry.Content ?? (entry.Cacheable ? await LoadAsync(entry, context.RequestAborted).ConfigureAwait(false) : null);
        if (answer == FileAnswer.Full && encoding >= 0 && content is not null && GetEncoded(entry, content, encoding) is { } encoded)
        {
            FileResponder.SetEntityHeaders(response, entry.ContentType, validators, validators.WeakETag, encoded.Length, _cacheControl);
            headers.Remove("Accept-Ranges");
            headers["Content-Encoding"] = CompressionPolicy.Encodings[encoding];
            ResponseCompressionOutput.AppendVary(headers);
            await response.WriteAsync(encoded, context.RequestAborted).ConfigureAwait(false);
            return;
        }
        if (content is not null)
        {
            SetBodyHeaders(response, entry, answer, start, count, compressible);
            await response.WriteAsync(content.AsMemory((int)start, (int)count), context.RequestAborted).ConfigureAwait(false);
            return;
        }

        var handle = TryOpen(entry);
        if (handle is null)
        {
            await RetryAsync(context, entry, isHead, next, retried).ConfigureAwait(false);
            return;
        }
        using (handle)
        {
            SetBodyHeaders(response, entry, answer, start, count, compressible);
            // Zero copy (sendfile) where the output allows it: a plain socket with nothing transforming the body.
            if (!await response.Output.TrySendFileAsync(handle, start, count, context.RequestAborted).ConfigureAwait(false))
                await FileResponder.StreamAsync(response, handle, start, count, context.RequestAborted).ConfigureAwait(false);
        }
    }

    /// <summary>Opens the file; null when it is gone or its length no longer matches the entry.</summary>
    private SafeFileHandle? TryOpen(StaticFileEntry entry)
    {
        SafeFileHandle handle;
        try
        {
            handle = _cache.Provider.Open(entry.File);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException or UnauthorizedAccessException)
        {
            return null;
        }
        if (RandomAccess.GetLength(handle) == entry.Length) return handle;
        handle.Dispose();
        return null;
    }

    /// <summary>The file changed between lookup and open: look again, once, then give up on it.</summary>
    private async Task RetryAsync(HttpContext context, StaticFileEntry stale, bool isHead, RequestDelegate next, bool retried)
    {
        var fresh = _cache.Invalidate(stale);
        if (fresh is null || retried) await next(context).ConfigureAwait(false);
        else await ServeAsync(context, fresh, isHead, next, retried: true).ConfigureAwait(false);
    }

    /// <summary>Reads a small file into the cache; null when the budget is spent or the file no longer matches the entry (it is then streamed).</summary>
    private async ValueTask<byte[]?> LoadAsync(StaticFileEntry entry, CancellationToken cancellationToken)
    {
        var length = (int)entry.Length;
        if (!_cache.TryReserve(length)) return null;
        byte[] content;
        try
        {
            using var handle = _cache.Provider.Open(entry.File);
            if (RandomAccess.GetLength(handle) != length)
            {
                _cache.Unreserve(length);
                return null;
            }
            content = GC.AllocateUninitializedArray<byte>(length);
            var read = 0;
            while (read < length)
            {
                var n = await RandomAccess.ReadAsync(handle, content.AsMemory(read), read, cancellationToken).ConfigureAwait(false);
                if (n == 0)
                {
                    _cache.Unreserve(length);
                    return null;
                }
                read += n;
            }
        }
        catch
        {
            _cache.Unreserve(length);
            throw;
        }
        var published = entry.SetContent(content);
        if (!ReferenceEquals(published, content)) _cache.Unreserve(length);
        return published;
    }

    /// <summary>The compressed variant of a cached file, compressed once; null when the budget is spent.</summary>
    private byte[]? GetEncoded(StaticFileEntry entry, byte[] content, int encoding)
    {
        if (entry.GetEncoded(encoding) is { } cached) return cached;
        var encoded = CompressionPolicy.Compress(encoding, content);
        if (!_cache.TryReserve(encoded.Length)) return null;
        var published = entry.SetEncoded(encoding, CompressionPolicy.Encodings.Length, encoded);
        if (!ReferenceEquals(published, encoded)) _cache.Unreserve(encoded.Length);
        return published;
    }

    private void SetBodyHeaders(HttpResponse response, StaticFileEntry entry, FileAnswer answer, long start, long count, bool compressible)
    {
        FileResponder.SetBodyHeaders(response, entry.ContentType, entry.Validators, answer, start, count, _cacheControl);
        if (compressible) ResponseCompressionOutput.AppendVary(response.Headers);
    }

    private static Task RedirectToFolder(HttpContext context)
    {
        var request = context.Request;
        var location = new StringBuilder(request.Path.Length + 16);
        foreach (var segment in request.Path.Split('/', StringSplitOptions.RemoveEmptyEntries))
            location.Append('/').Append(Uri.EscapeDataString(segment));
        location.Append('/').Append(request.QueryString);
        context.Response.Redirect(location.ToString(), permanent: true);
        return Task.CompletedTask;
    }
}
