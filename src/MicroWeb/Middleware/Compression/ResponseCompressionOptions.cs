using System.IO.Compression;

namespace MicroWeb;

/// <summary>Options for <see cref="ResponseCompressionExtensions.UseResponseCompression"/>. Read once, when the middleware is added.</summary>
public sealed class ResponseCompressionOptions
{
    /// <summary>Bodies shorter than this many bytes are sent as they are: compression would save less than it costs. Default 860.</summary>
    public int MinimumSize { get; set; } = 860;

    /// <summary>Offers Brotli (<c>br</c>), preferred over gzip when the client rates both equally. Default true.</summary>
    public bool EnableBrotli { get; set; } = true;

    /// <summary>Offers gzip. Default true.</summary>
    public bool EnableGzip { get; set; } = true;

    /// <summary>The level for responses compressed as they are written. Default <see cref="CompressionLevel.Fastest"/>; static files kept in memory are compressed once, at <see cref="CompressionLevel.Optimal"/>.</summary>
    public CompressionLevel Level { get; set; } = CompressionLevel.Fastest;

    /// <summary>
    /// The media types compressed (compared case-insensitively, parameters ignored); <c>type/*</c> matches a whole
    /// type. Default: text/*, JSON, JavaScript, XML, SVG, web manifests and WebAssembly. Images, video, fonts and archives are
    /// already compressed.
    /// </summary>
    public ISet<string> MimeTypes { get; } = new HashSet<string>(StringComparer.OrdinalIgnoreCase)
    {
        "text/*",
        "application/json",
        "application/problem+json",
        "application/ld+json",
        "application/manifest+json",
        "application/javascript",
        "application/xml",
        "application/xhtml+xml",
        "application/rss+xml",
        "application/atom+xml",
        "application/wasm",
        "image/svg+xml",
    };
}
