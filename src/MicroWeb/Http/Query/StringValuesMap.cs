using System.Collections;
using System.Diagnostics.CodeAnalysis;
using Microsoft.Extensions.Primitives;

namespace MicroWeb.Http.Query;

/// <summary>
/// The read-only, case-insensitive, multi-valued map behind query strings, form fields and multipart part
/// headers. Enumeration follows first appearance of each key, so what a client sent stays in its order.
/// Built once by <see cref="StringValuesMapBuilder"/>; immutable afterwards, so safe to share.
/// </summary>
internal sealed class StringValuesMap : IReadOnlyDictionary<string, StringValues>
{
    public static readonly StringValuesMap Empty = new([], new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase));

    private readonly KeyValuePair<string, StringValues>[] _entries;
    private readonly Dictionary<string, int> _indexByKey;

    internal StringValuesMap(KeyValuePair<string, StringValues>[] entries, Dictionary<string, int> indexByKey)
    {
        _entries = entries;
        _indexByKey = indexByKey;
    }

    /// <summary>The values for <paramref name="key"/>, or <see cref="StringValues.Empty"/> when absent.</summary>
    public StringValues this[string key] => TryGetValue(key, out var values) ? values : StringValues.Empty;

    public int Count => _entries.Length;

    public IEnumerable<string> Keys => _entries.Select(static entry => entry.Key);

    public IEnumerable<StringValues> Values => _entries.Select(static entry => entry.Value);

    public bool ContainsKey(string key) => _indexByKey.ContainsKey(key);

    public bool TryGetValue(string key, [MaybeNullWhen(false)] out StringValues value)
    {
        if (_indexByKey.TryGetValue(key, out var index))
        {
            value = _entries[index].Value;
            return true;
        }
        value = default;
        return false;
    }

    public IEnumerator<KeyValuePair<string, StringValues>> GetEnumerator() =>
        ((IEnumerable<KeyValuePair<string, StringValues>>)_entries).GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
