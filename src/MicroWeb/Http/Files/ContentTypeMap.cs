using System.Collections;
using System.Collections.Frozen;
using System.Diagnostics.CodeAnalysis;

namespace MicroWeb;

/// <summary>
/// Maps file extensions (with or without the leading dot, case-insensitive) to Content-Type values. A new
/// map holds the built-in table (html, css, js, mjs, json, svg, png, jpg, gif, webp, avif, ico, woff, woff2,
/// wasm, txt, pdf, xml, map, mp4, webm and a few more); add or replace entries with the indexer.
/// </summary>
public sealed class ContentTypeMap : IEnumerable<KeyValuePair<string, string>>
{
    private static readonly KeyValuePair<string, string>[] s_builtIn =
    [
        new(".html", "text/html; charset=utf-8"),
        new(".htm", "text/html; charset=utf-8"),
        new(".css", "text/css; charset=utf-8"),
        new(".js", "text/javascript; charset=utf-8"),
        new(".mjs", "text/javascript; charset=utf-8"),
        new(".json", "application/json"),
        new(".map", "application/json"),
        new(".webmanifest", "application/manifest+json"),
        new(".xml", "application/xml"),
        new(".txt", "text/plain; charset=utf-8"),
        new(".csv", "text/csv; charset=utf-8"),
        new(".md", "text/markdown; charset=utf-8"),
        new(".svg", "image/svg+xml"),
        new(".png", "image/png"),
        new(".jpg", "image/jpeg"),
        new(".jpeg", "image/jpeg"),
        new(".gif", "image/gif"),
        new(".webp", "image/webp"),
        new(".avif", "image/avif"),
        new(".ico", "image/x-icon"),
        new(".bmp", "image/bmp"),
        new(".woff", "font/woff"),
        new(".woff2", "font/woff2"),
        new(".ttf", "font/ttf"),
        new(".otf", "font/otf"),
        new(".wasm", "application/wasm"),
        new(".pdf", "application/pdf"),
        new(".zip", "application/zip"),
        new(".mp4", "video/mp4"),
        new(".webm", "video/webm"),
        new(".mp3", "audio/mpeg"),
        new(".ogg", "audio/ogg"),
        new(".wav", "audio/wav"),
    ];

    // The built-in table alone, for files served without a configured map (Results.File without a content type).
    private static readonly FrozenDictionary<string, string>.AlternateLookup<ReadOnlySpan<char>> s_builtInLookup =
        s_builtIn.ToFrozenDictionary(StringComparer.OrdinalIgnoreCase).GetAlternateLookup<ReadOnlySpan<char>>();

    private readonly Dictionary<string, string> _map = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Creates a map holding the built-in table.</summary>
    public ContentTypeMap()
    {
        foreach (var (extension, contentType) in s_builtIn) _map[extension] = contentType;
    }

    /// <summary>The number of mapped extensions.</summary>
    public int Count => _map.Count;

    /// <summary>Gets or sets the Content-Type for an extension such as <c>.css</c> or <c>css</c>.</summary>
    /// <exception cref="KeyNotFoundException">Getting an unmapped extension.</exception>
    public string this[string extension]
    {
        get => _map[Normalize(extension)];
        set
        {
            ArgumentException.ThrowIfNullOrWhiteSpace(value);
            _map[Normalize(extension)] = value;
        }
    }

    /// <summary>Removes an extension; returns false when it was not mapped.</summary>
    public bool Remove(string extension) => _map.Remove(Normalize(extension));

    /// <summary>Finds the Content-Type for a file name or path by its last extension.</summary>
    public bool TryGetContentType(string path, [NotNullWhen(true)] out string? contentType)
    {
        ArgumentNullException.ThrowIfNull(path);
        var extension = Path.GetExtension(path);
        if (extension.Length > 1) return _map.TryGetValue(extension, out contentType);
        contentType = null;
        return false;
    }

    /// <summary>The built-in Content-Type for a file name or path by its last extension; null when the extension is not in the table.</summary>
    internal static string? BuiltInContentType(string path)
    {
        var extension = Path.GetExtension(path.AsSpan());
        return extension.Length > 1 && s_builtInLookup.TryGetValue(extension, out var contentType) ? contentType : null;
    }

    /// <summary>Enumerates the extensions (with their dot) and Content-Types.</summary>
    public IEnumerator<KeyValuePair<string, string>> GetEnumerator() => _map.GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    /// <summary>A read-only snapshot for the request path, looked up by extension span without allocating.</summary>
    internal FrozenDictionary<string, string>.AlternateLookup<ReadOnlySpan<char>> Freeze() =>
        _map.ToFrozenDictionary(StringComparer.OrdinalIgnoreCase).GetAlternateLookup<ReadOnlySpan<char>>();

    private static string Normalize(string extension)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(extension);
        return extension.StartsWith('.') ? extension : "." + extension;
    }
}
