using System.Runtime.InteropServices;
using Microsoft.Extensions.Primitives;

namespace MicroWeb.Http.Query;

/// <summary>
/// Collects name/value pairs in arrival order and freezes them into a <see cref="StringValuesMap"/>.
/// Repeated names append to one entry without re-copying earlier values, so a form with many values
/// under one name stays linear.
/// </summary>
internal sealed class StringValuesMapBuilder
{
    private readonly Dictionary<string, int> _indexByKey = new(StringComparer.OrdinalIgnoreCase);
    private readonly List<Entry> _entries = [];

    /// <summary>Values added so far, counting every value of a repeated name; what value-count limits measure.</summary>
    public int ValueCount { get; private set; }

    public void Add(string key, string value)
    {
        ValueCount++;
        if (_indexByKey.TryGetValue(key, out var index))
        {
            ref var entry = ref CollectionsMarshal.AsSpan(_entries)[index];
            (entry.More ??= []).Add(value);
            return;
        }
        _indexByKey.Add(key, _entries.Count);
        _entries.Add(new Entry(key, value));
    }

    /// <summary>Freezes the pairs; the builder must not be used afterwards because the map shares its index.</summary>
    public StringValuesMap Build()
    {
        if (_entries.Count == 0)
            return StringValuesMap.Empty;

        var frozen = new KeyValuePair<string, StringValues>[_entries.Count];
        for (var i = 0; i < frozen.Length; i++)
        {
            var entry = _entries[i];
            var values = entry.More is null
                ? new StringValues(entry.First)
                : new StringValues([entry.First, .. entry.More]);
            frozen[i] = new(entry.Key, values);
        }
        return new StringValuesMap(frozen, _indexByKey);
    }

    private struct Entry(string key, string first)
    {
        public readonly string Key = key;
        public readonly string First = first;
        public List<string>? More;
    }
}
