namespace MicroWeb;

/// <summary>Options for <see cref="StaticFileExtensions.UseStaticFiles(IPipelineBuilder, StaticFileOptions?)"/>. Read once, when the middleware is added.</summary>
public sealed class StaticFileOptions
{
    /// <summary>The URL path the files are served under, matched on whole segments, case-insensitively. Default <c>/static</c>; <c>/</c> serves from the site root.</summary>
    public string RequestPath { get; set; } = "/static";

    /// <summary>The folder served, absolute or relative to <see cref="MicroWebEnvironment.ContentRootPath"/>. Default <c>static</c>. A folder missing at startup is a warning in the log, and nothing is served from it.</summary>
    public string RootPath { get; set; } = "static";

    /// <summary>File extension → Content-Type. Files whose extension is not here are not served unless <see cref="ServeUnknownFileTypes"/> is set.</summary>
    public ContentTypeMap ContentTypes { get; set; } = new();

    /// <summary>Serves files with an unmapped extension as <see cref="DefaultContentType"/>. Default false: such files may be anything (source, configuration), so they fall through.</summary>
    public bool ServeUnknownFileTypes { get; set; }

    /// <summary>The Content-Type for unmapped extensions when <see cref="ServeUnknownFileTypes"/> is set. Default <c>application/octet-stream</c>.</summary>
    public string DefaultContentType { get; set; } = "application/octet-stream";

    /// <summary>
    /// The Cache-Control header sent with files and 304s; null or empty sends none. Default <c>no-cache</c>: browsers may
    /// store files but revalidate them on every use, which costs a 304 round trip and never shows a stale file. For
    /// fingerprinted file names use e.g. <c>public, max-age=31536000, immutable</c>.
    /// </summary>
    public string? CacheControl { get; set; } = "no-cache";

    /// <summary>Serves files and folders whose name starts with '.' (e.g. <c>.well-known</c>). Default false: such paths fall through, as if absent.</summary>
    public bool ServeDotFiles { get; set; }

    /// <summary>Follows symbolic links whose target lies outside <see cref="RootPath"/>. Default false: such links are treated as absent.</summary>
    public bool AllowSymlinksOutsideRoot { get; set; }

    /// <summary>
    /// The file served for a folder request (e.g. <c>index.html</c>): <c>/static/docs/</c> serves <c>docs/index.html</c>, and
    /// <c>/static/docs</c> is redirected (301) to <c>/static/docs/</c> so relative links resolve. Default null: folder requests fall through.
    /// There is never a directory listing.
    /// </summary>
    public string? DefaultDocument { get; set; }

    /// <summary>Files up to this size are kept in memory after their first request. Default 64 KiB; 0 disables the cache.</summary>
    public long MaxCachedFileSize { get; set; } = 64 * 1024;

    /// <summary>The most file bytes (including compressed variants) kept in memory by this mount. Default 32 MiB.</summary>
    public long CacheSizeLimit { get; set; } = 32 * 1024 * 1024;

    /// <summary>How long a file's length and last-write time are trusted before the disk is checked again. Default 1 s; zero checks on every request.</summary>
    public TimeSpan FileCheckInterval { get; set; } = TimeSpan.FromSeconds(1);
}
