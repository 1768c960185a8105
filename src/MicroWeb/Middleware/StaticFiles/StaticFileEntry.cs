using MicroWeb.Http.Files;

namespace MicroWeb.Middleware.StaticFiles;

/// <summary>
/// A servable file with its precomputed headers, and (for small files) its bytes once read. Immutable except
/// for the lazily filled content and <see cref="CheckedAt"/>; a changed file gets a new entry.
/// </summary>
internal sealed class StaticFileEntry
{
    private byte[]? _content;
    private byte[]?[]? _encoded;
    private long _checkedAt;

    public StaticFileEntry(string relativePath, StaticFileInfo file, string contentType, bool cacheable, long now)
    {
        RelativePath = relativePath;
        File = file;
        ContentType = contentType;
        Cacheable = cacheable;
        _checkedAt = now;
        Validators = new FileValidators(file.Length, file.LastModified);
    }

    /// <summary>The cache key: the path below the mount, '/'-separated.</summary>
    public string RelativePath { get; }

    public StaticFileInfo File { get; }

    public long Length => File.Length;

    public string ContentType { get; }

    /// <summary>Small enough to keep in memory.</summary>
    public bool Cacheable { get; }

    /// <summary>ETag and Last-Modified of this version of the file.</summary>
    public FileValidators Validators { get; }

    /// <summary>When the metadata was last confirmed against the disk (<see cref="Environment.TickCount64"/>).</summary>
    public long CheckedAt
    {
        get => Volatile.Read(ref _checkedAt);
        set => Volatile.Write(ref _checkedAt, value);
    }

    /// <summary>The whole file, once read; null until then (or when the cache budget was exhausted).</summary>
    public byte[]? Content => Volatile.Read(ref _content);

    /// <summary>Publishes the bytes; concurrent readers may both read the file, the first to publish wins.</summary>
    public byte[] SetContent(byte[] content) => Interlocked.CompareExchange(ref _content, content, null) ?? content;

    /// <summary>A compressed variant by encoding index, or null.</summary>
    public byte[]? GetEncoded(int encoding) => Volatile.Read(ref _encoded) is { } variants ? Volatile.Read(ref variants[encoding]) : null;

    /// <summary>Publishes a compressed variant; returns the published one.</summary>
    public byte[] SetEncoded(int encoding, int encodingCount, byte[] content)
    {
        var variants = Volatile.Read(ref _encoded) ?? Interlocked.CompareExchange(ref _encoded, new byte[]?[encodingCount], null) ?? _encoded!;
        return Interlocked.CompareExchange(ref variants[encoding], content, null) ?? content;
    }

    /// <summary>Bytes held in memory by this entry.</summary>
    public long MemorySize
    {
        get
        {
            long size = Content?.Length ?? 0;
            if (Volatile.Read(ref _encoded) is { } variants)
                foreach (var variant in variants) size += variant?.Length ?? 0;
            return size;
        }
    }
}
