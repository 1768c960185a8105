using System.Collections;
using System.Diagnostics.CodeAnalysis;
using Microsoft.Extensions.Primitives;
using MicroWeb.Http.Query;

namespace MicroWeb;

/// <summary>
/// The parsed query string of a request: names are case-insensitive, a name may carry several values
/// (<c>?tag=a&amp;tag=b</c>), and enumeration keeps the order in which names first appeared.
/// </summary>
/// <remarks>
/// Indexing a missing name returns <see cref="StringValues.Empty"/> rather than throwing, so
/// <c>query["page"]</c> can be tested with <see cref="StringValues.IsNullOrEmpty(StringValues)"/>.
/// </remarks>
public sealed class QueryCollection : IReadOnlyDictionary<string, StringValues>
{
    /// <summary>The collection of a request without a query string; shared, so such requests allocate nothing.</summary>
    public static readonly QueryCollection Empty = new(StringValuesMap.Empty);

    private readonly StringValuesMap _map;

    private QueryCollection(StringValuesMap map) => _map = map;

    /// <summary>The values of <paramref name="key"/>, or <see cref="StringValues.Empty"/> when the query lacks it.</summary>
    public StringValues this[string key] => _map[key];

    /// <summary>The number of distinct names.</summary>
    public int Count => _map.Count;

    /// <summary>The distinct names, in order of first appearance.</summary>
    public IEnumerable<string> Keys => _map.Keys;

    /// <summary>The values of each name, in the order of <see cref="Keys"/>.</summary>
    public IEnumerable<StringValues> Values => _map.Values;

    /// <summary>Whether the query has <paramref name="key"/>, compared case-insensitively.</summary>
    public bool ContainsKey(string key) => _map.ContainsKey(key);

    /// <summary>Gets the values of <paramref name="key"/> when the query has it.</summary>
    public bool TryGetValue(string key, [MaybeNullWhen(false)] out StringValues value) => _map.TryGetValue(key, out value);

    /// <summary>Enumerates names with their values, in order of first appearance.</summary>
    public IEnumerator<KeyValuePair<string, StringValues>> GetEnumerator() => _map.GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    /// <summary>
    /// Parses a query string, with or without its leading <c>?</c>. Pairs split on <c>&amp;</c>, a name
    /// without <c>=</c> gets an empty value, <c>+</c> is a space and escapes decode as UTF-8 (see
    /// <see cref="UrlDecoder"/>). Never throws: a query is client input, and browsers are lenient too.
    /// </summary>
    internal static QueryCollection Parse(ReadOnlySpan<char> query)
    {
        if (query.StartsWith('?'))
            query = query[1..];
        if (query.IsEmpty)
            return Empty;

        var builder = new StringValuesMapBuilder();
        foreach (var range in query.Split('&'))
        {
            var pair = query[range];
            if (pair.IsEmpty)
                continue;
            var equals = pair.IndexOf('=');
            var name = equals < 0 ? pair : pair[..equals];
            var value = equals < 0 ? [] : pair[(equals + 1)..];
            builder.Add(UrlDecoder.Decode(name), UrlDecoder.Decode(value));
        }
        return builder.ValueCount == 0 ? Empty : new QueryCollection(builder.Build());
    }
}
