using System.Collections.Concurrent;

namespace MicroWeb.Middleware.StaticFiles;

/// <summary>
/// The files of one mount by relative path: metadata re-checked against the disk at most once per
/// <see cref="StaticFileOptions.FileCheckInterval"/>, and the bytes of small files, within a memory budget.
/// Only existing files are entered, and their number is capped, so requests for made-up paths cannot grow it.
/// </summary>
internal sealed class StaticFileCache
{
    private const int MaxEntries = 10_000;

    private readonly ConcurrentDictionary<string, StaticFileEntry> _entries = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, StaticFileEntry>.AlternateLookup<ReadOnlySpan<char>> _bySpan;
    private readonly IStaticFileProvider _provider;
    private readonly Func<string, string?> _contentTypeOf;
    private readonly long _maxCachedFileSize;
    private readonly long _sizeLimit;
    private readonly long _checkIntervalMs;
    private long _memory;

    public StaticFileCache(IStaticFileProvider provider, Func<string, string?> contentTypeOf, long maxCachedFileSize, long sizeLimit, TimeSpan checkInterval)
    {
        _provider = provider;
        _contentTypeOf = contentTypeOf;
        _maxCachedFileSize = maxCachedFileSize;
        _sizeLimit = sizeLimit;
        _checkIntervalMs = (long)checkInterval.TotalMilliseconds;
        _bySpan = _entries.GetAlternateLookup<ReadOnlySpan<char>>();
    }

    /// <summary>Bytes currently held (content and compressed variants).</summary>
    public long MemorySize => Interlocked.Read(ref _memory);

    public IStaticFileProvider Provider => _provider;

    /// <summary>The entry for a servable file, or null (absent, unreachable, or of an unserved type). A fresh hit allocates nothing.</summary>
    public StaticFileEntry? Get(ReadOnlySpan<char> relativePath)
    {
        var now = Environment.TickCount64;
        if (_bySpan.TryGetValue(relativePath, out var entry) && now - entry.CheckedAt < _checkIntervalMs) return entry;
        return Refresh(entry?.RelativePath ?? relativePath.ToString(), entry, now);
    }

    /// <summary>Looks the file up again now (the disk disagreed with the entry), replacing or dropping the entry.</summary>
    public StaticFileEntry? Invalidate(StaticFileEntry stale) => Refresh(stale.RelativePath, stale, Environment.TickCount64);

    /// <summary>
    /// Charges <paramref name="bytes"/> against the budget; false (and nothing charged) when they do not fit.
    /// The budget is approximate under races (bytes published to an entry that was just replaced stay charged
    /// until the process ends), which bounds the error by the few files changing at that moment.
    /// </summary>
    public bool TryReserve(long bytes)
    {
        while (true)
        {
            var current = Interlocked.Read(ref _memory);
            if (current + bytes > _sizeLimit) return false;
            if (Interlocked.CompareExchange(ref _memory, current + bytes, current) == current) return true;
        }
    }

    /// <summary>Gives back a reservation that was not used (another request published the same bytes first).</summary>
    public void Unreserve(long bytes) => Interlocked.Add(ref _memory, -bytes);

    private StaticFileEntry? Refresh(string relativePath, StaticFileEntry? previous, long now)
    {
        var file = _provider.GetFile(relativePath);
        var contentType = file is null ? null : _contentTypeOf(relativePath);
        if (file is null || contentType is null)
        {
            if (previous is not null) Remove(relativePath, previous);
            return null;
        }
        if (previous is not null && previous.Length == file.Length && previous.File.LastModified == file.LastModified)
        {
            previous.CheckedAt = now;
            return previous;
        }

        var entry = new StaticFileEntry(relativePath, file, contentType, file.Length <= _maxCachedFileSize, now);
        if (previous is not null)
        {
            if (_entries.TryUpdate(relativePath, entry, previous)) Release(previous);
        }
        else if (_entries.Count < MaxEntries)
        {
            _entries.TryAdd(relativePath, entry);
        }
        return entry;
    }

    private void Remove(string relativePath, StaticFileEntry entry)
    {
        if (_entries.TryRemove(new KeyValuePair<string, StaticFileEntry>(relativePath, entry))) Release(entry);
    }

    private void Release(StaticFileEntry entry) => Interlocked.Add(ref _memory, -entry.MemorySize);
}
