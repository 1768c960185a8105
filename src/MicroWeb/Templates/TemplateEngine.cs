using System.Collections.Concurrent;
using System.Diagnostics.CodeAnalysis;

namespace MicroWeb.Templates;

/// <summary>
/// Loads templates from a folder, parses each once and keeps it in a bounded least-recently-used cache. Partials
/// (<c>&lt;&lt;&gt;header.html&gt;&gt;</c>) and layouts (<c>&lt;&lt;&lt;layout.html&gt;&gt;</c>) are file names in
/// the same folder. Unlike <see cref="Template.Render(object?, Func{string, string?}?)"/>, a missing partial or
/// layout is an error. Thread-safe.
/// </summary>
public sealed class TemplateEngine
{
    private readonly ConcurrentDictionary<string, Entry> _cache = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<Type, CompiledCheck> _compiled = new();
    private readonly Lock _evictionLock = new();
    private readonly bool _reload;
    private readonly int _capacity;
    private readonly int _maxDepth;
    private readonly Resolver _resolver;
    private long _clock;

    /// <summary>Creates an engine for the folder <see cref="TemplateOptions.Root"/> under <paramref name="contentRootPath"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">CacheCapacity or MaxDepth is less than 1.</exception>
    public TemplateEngine(TemplateOptions options, string contentRootPath)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(contentRootPath);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.CacheCapacity, 1, nameof(options.CacheCapacity));
        ArgumentOutOfRangeException.ThrowIfLessThan(options.MaxDepth, 1, nameof(options.MaxDepth));
        RootPath = Path.TrimEndingDirectorySeparator(Path.GetFullPath(Path.Combine(contentRootPath, options.Root)));
        _reload = options.ReloadOnChange;
        _capacity = options.CacheCapacity;
        _maxDepth = options.MaxDepth;
        _resolver = new Resolver(this);
    }

    /// <summary>The absolute path of the template folder.</summary>
    public string RootPath { get; }

    /// <summary>Renders the template file <paramref name="name"/> into <paramref name="output"/>.</summary>
    /// <exception cref="TemplateException">
    /// The template, a partial or a layout is missing, escapes the folder, has a syntax error, or nesting is too deep.
    /// </exception>
    public void Render(string name, object? model, TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(output);
        GetTemplate(name).Render(model, output, _resolver, _maxDepth);
    }

    /// <summary>Renders the template file <paramref name="name"/> and returns the output.</summary>
    /// <exception cref="TemplateException">
    /// The template, a partial or a layout is missing, escapes the folder, has a syntax error, or nesting is too deep.
    /// </exception>
    public string Render(string name, object? model) => GetTemplate(name).Render(model, _resolver, _maxDepth);

    /// <summary>
    /// Renders only block <paramref name="block"/> of template file <paramref name="name"/> into
    /// <paramref name="output"/>: the block as it renders inside the page, with the page's model and layout, but
    /// nothing around it (an htmx fragment). The block may sit in the template, a layout or a partial.
    /// </summary>
    /// <exception cref="TemplateException">
    /// No such block (the message names the template and the block), or the template, a partial or a layout is
    /// missing, escapes the folder, has a syntax error, or nesting is too deep.
    /// </exception>
    public void RenderFragment(string name, string block, object? model, TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(output);
        GetTemplate(name).RenderFragment(block, model, output, _resolver, _maxDepth);
    }

    /// <summary>Renders only block <paramref name="block"/> of template file <paramref name="name"/> and returns it; see <see cref="RenderFragment(string, string, object?, TextWriter)"/>.</summary>
    /// <exception cref="TemplateException">No such block, or the template cannot be rendered.</exception>
    public string RenderFragment(string name, string block, object? model) =>
        GetTemplate(name).RenderFragment(block, model, _resolver, _maxDepth);

    /// <summary>
    /// The parsed template file <paramref name="name"/>, a path relative to <see cref="RootPath"/>, from the cache or
    /// freshly parsed. Rendering the result on its own follows the spec's lenient partial lookup; use
    /// <see cref="Render(string, object?)"/> to resolve partials from the folder.
    /// </summary>
    /// <exception cref="TemplateException">The file is missing, escapes the folder or has a syntax error.</exception>
    public Template GetTemplate(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        var key = name.Trim();
        if (TryGetCached(key, out var cached))
            return cached;
        if (!TryGetPath(key, out var path, out var problem))
            throw TemplateException.Unpositioned(key, problem);
        return Load(key, path) ?? throw TemplateException.Unpositioned(key, $"Template not found in '{RootPath}'");
    }

    /// <summary>
    /// Whether the template <paramref name="files"/> a compiled view (<paramref name="view"/>, its type) was compiled
    /// from still hold the text it was compiled from (<paramref name="hash"/>, the generator's TemplateHash).
    /// Always true unless <see cref="TemplateOptions.ReloadOnChange"/> (Development): then the files' last-write times
    /// are compared on each call and, when they moved, the files are read and hashed again.
    /// </summary>
    internal bool IsCurrent(Type view, IReadOnlyList<string> files, ulong hash)
    {
        if (!_reload)
            return true;
        var stamp = 17L;
        foreach (var name in files)
        {
            if (!TryGetPath(name, out var path, out _))
                return false;
            stamp = unchecked(stamp * 31 + File.GetLastWriteTimeUtc(path).Ticks);
        }
        if (_compiled.TryGetValue(view, out var check) && check.Stamp == stamp)
            return check.Current;
        var onDisk = TemplateHash.Offset;
        foreach (var name in files)
        {
            TryGetPath(name, out var path, out _);
            string text;
            try
            {
                text = File.ReadAllText(path);
            }
            catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
            {
                return false;
            }
            onDisk = TemplateHash.Add(TemplateHash.Add(onDisk, name), text);
        }
        var current = onDisk == hash;
        _compiled[view] = new CompiledCheck(stamp, current);
        return current;
    }

    /// <summary>
    /// The hot path: keys in the cache were validated when they were added, so a hit touches no path APIs. With
    /// ReloadOnChange it costs one stat; a deleted file reports 1601-01-01, which misses and reloads.
    /// </summary>
    private bool TryGetCached(string key, [NotNullWhen(true)] out Template? template)
    {
        if (_cache.TryGetValue(key, out var entry) && (!_reload || File.GetLastWriteTimeUtc(entry.Path) == entry.LastWrite))
        {
            entry.Touch(Interlocked.Increment(ref _clock));
            template = entry.Template;
            return true;
        }
        template = null;
        return false;
    }

    private Template? Load(string key, string path)
    {
        var fresh = Parse(key, path, Interlocked.Increment(ref _clock));
        if (fresh is null)
        {
            _cache.TryRemove(key, out _);
            return null;
        }
        _cache[key] = fresh;
        if (_cache.Count > _capacity)
            Evict();
        return fresh.Template;
    }

    private static Entry? Parse(string key, string path, long now)
    {
        string text;
        DateTime lastWrite;
        try
        {
            // Stamp before reading: an edit racing the read then looks newer than the stamp and is re-read next time.
            lastWrite = File.GetLastWriteTimeUtc(path);
            text = File.ReadAllText(path);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            return null;
        }
        return new Entry(Template.Parse(text, key), path, lastWrite, now);
    }

    private void Evict()
    {
        lock (_evictionLock)
        {
            while (_cache.Count > _capacity)
            {
                string? oldest = null;
                var oldestUse = long.MaxValue;
                foreach (var (key, entry) in _cache)
                {
                    if (entry.LastUse < oldestUse)
                    {
                        oldest = key;
                        oldestUse = entry.LastUse;
                    }
                }
                if (oldest is null)
                    return;
                _cache.TryRemove(oldest, out _);
            }
        }
    }

    /// <summary>
    /// Template names are relative paths inside <see cref="RootPath"/>: absolute paths and <c>..</c> segments are
    /// refused before touching the disk, and the full path is checked to lie under the root after normalisation.
    /// </summary>
    private bool TryGetPath(string name, out string path, out string problem)
    {
        path = "";
        problem = "";
        if (name.Length == 0)
        {
            problem = "Template name is empty";
            return false;
        }
        if (Path.IsPathRooted(name) || name.Split('/', '\\').Contains("..") || name.Contains('\0'))
        {
            problem = $"Template name '{name}' escapes the template folder";
            return false;
        }
        path = Path.GetFullPath(Path.Combine(RootPath, name));
        if (!path.StartsWith(RootPath + Path.DirectorySeparatorChar, StringComparison.Ordinal))
        {
            problem = $"Template name '{name}' escapes the template folder";
            return false;
        }
        return true;
    }

    private sealed record CompiledCheck(long Stamp, bool Current);

    private sealed class Entry(Template template, string path, DateTime lastWrite, long lastUse)
    {
        private long _lastUse = lastUse;

        public Template Template { get; } = template;

        public string Path { get; } = path;

        public DateTime LastWrite { get; } = lastWrite;

        public long LastUse => Volatile.Read(ref _lastUse);

        public void Touch(long now) => Volatile.Write(ref _lastUse, now);
    }

    /// <summary>Strict lookup for partial and parent tags: a missing file names the tag and the including template.</summary>
    private sealed class Resolver(TemplateEngine engine) : IPartialResolver
    {
        public Template? Resolve(string name, bool isParent, TagSite site)
        {
            if (engine.TryGetCached(name, out var cached))
                return cached;
            var what = isParent ? "Layout" : "Partial";
            if (!engine.TryGetPath(name, out var path, out var problem))
                throw site.Error($"{what} '{name}': {problem}");
            return engine.Load(name, path)
                ?? throw site.Error($"{what} '{name}' not found in '{engine.RootPath}'");
        }
    }
}
