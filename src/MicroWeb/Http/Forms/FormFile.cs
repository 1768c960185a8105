using Microsoft.Extensions.Primitives;
using MicroWeb.Http.Forms;

namespace MicroWeb;

/// <summary>
/// A file uploaded in a multipart/form-data request. Its content lives in memory or, above
/// <see cref="FormOptions.MemoryBufferThreshold"/>, in a temporary file; either way it is released when the
/// request ends, so copy it (<see cref="CopyToAsync"/>) if it must outlive the request.
/// </summary>
public sealed class FormFile
{
    private readonly FormFileContent _content;

    internal FormFile(string name, string fileName, string contentType, IReadOnlyDictionary<string, StringValues> headers, FormFileContent content)
    {
        Name = name;
        FileName = fileName;
        ContentType = contentType;
        Headers = headers;
        _content = content;
    }

    /// <summary>The form field name, from the part's Content-Disposition <c>name</c>.</summary>
    public string Name { get; }

    /// <summary>
    /// The file name the client sent (<c>filename*</c> if present, else <c>filename</c>). It is client input:
    /// never use it as a path without reducing it to a safe name of your own.
    /// </summary>
    public string FileName { get; }

    /// <summary>The part's Content-Type, or <c>application/octet-stream</c> when the client sent none (RFC 7578 §4.4).</summary>
    public string ContentType { get; }

    /// <summary>The size of the content in bytes.</summary>
    public long Length => _content.Length;

    /// <summary>All headers of the part, case-insensitive.</summary>
    public IReadOnlyDictionary<string, StringValues> Headers { get; }

    /// <summary>Opens a new read-only stream over the content, positioned at its start.</summary>
    /// <exception cref="ObjectDisposedException">The request, and with it the form, has ended.</exception>
    public Stream OpenReadStream() => _content.OpenRead();

    /// <summary>Copies the content to <paramref name="target"/>.</summary>
    /// <param name="target">Where the bytes go, e.g. a <see cref="FileStream"/> you own.</param>
    /// <param name="ct">Cancels the copy.</param>
    public async Task CopyToAsync(Stream target, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(target);
        await using var source = OpenReadStream();
        await source.CopyToAsync(target, ct);
    }

    internal FormFileContent Content => _content;
}
