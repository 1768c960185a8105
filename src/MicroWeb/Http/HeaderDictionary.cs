using System.Collections;
using Microsoft.Extensions.Primitives;
using MicroWeb.Http;

namespace MicroWeb;

/// <summary>
/// HTTP header fields: names compared case-insensitively, each with one or more values, in arrival order.
/// The indexer returns <see cref="StringValues.Empty"/> for a missing field instead of throwing.
/// </summary>
/// <remarks>
/// A request carries a few dozen fields at most, so a linear scan over an array beats hashing and lets the
/// server reuse the same storage for every request on a connection.
/// </remarks>
public sealed class HeaderDictionary : IEnumerable<KeyValuePair<string, StringValues>>
{
    private KeyValuePair<string, StringValues>[] _entries;
    private int _count;

    /// <summary>Creates an empty dictionary.</summary>
    public HeaderDictionary() => _entries = new KeyValuePair<string, StringValues>[8];

    /// <summary>The number of distinct field names.</summary>
    public int Count => _count;

    /// <summary>Gets the values of a field (empty if absent), or replaces them; assigning an empty value removes the field.</summary>
    /// <exception cref="ArgumentException">A value holds a character that cannot be sent: CR, LF, another control character, or one above U+007E.</exception>
    public StringValues this[string name]
    {
        get => TryGetValue(name, out var value) ? value : StringValues.Empty;
        set
        {
            if (value.Count == 0)
            {
                Remove(name);
                return;
            }
            ValidateValues(name, value);
            var index = IndexOf(name);
            if (index >= 0) _entries[index] = new(_entries[index].Key, value);
            else AddNew(ValidateName(name), value);
        }
    }

    /// <summary>True when the field is present.</summary>
    public bool ContainsKey(string name) => IndexOf(name) >= 0;

    /// <summary>Gets the values of a field.</summary>
    public bool TryGetValue(string name, out StringValues value)
    {
        var index = IndexOf(name);
        value = index >= 0 ? _entries[index].Value : StringValues.Empty;
        return index >= 0;
    }

    /// <summary>Adds values to a field, keeping the values it already has (e.g. several <c>Set-Cookie</c> lines).</summary>
    /// <exception cref="ArgumentException">A value holds a character that cannot be sent: CR, LF, another control character, or one above U+007E.</exception>
    public void Append(string name, StringValues value)
    {
        ValidateValues(name, value);
        var index = IndexOf(name);
        if (index >= 0) _entries[index] = new(_entries[index].Key, StringValues.Concat(_entries[index].Value, value));
        else AddNew(ValidateName(name), value);
    }

    /// <summary>Removes a field; returns false when it was not present.</summary>
    public bool Remove(string name)
    {
        var index = IndexOf(name);
        if (index < 0) return false;
        _count--;
        Array.Copy(_entries, index + 1, _entries, index, _count - index);
        _entries[_count] = default;
        return true;
    }

    /// <summary>Removes every field.</summary>
    public void Clear()
    {
        Array.Clear(_entries, 0, _count);
        _count = 0;
    }

    /// <summary>Enumerates the fields in the order they were added, without allocating.</summary>
    public Enumerator GetEnumerator() => new(this);

    IEnumerator<KeyValuePair<string, StringValues>> IEnumerable<KeyValuePair<string, StringValues>>.GetEnumerator() => GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    /// <summary>Adds a field parsed by the server; the name is already a validated (often interned) token.</summary>
    internal void AppendParsed(string name, string value)
    {
        var index = IndexOf(name);
        if (index >= 0) _entries[index] = new(_entries[index].Key, StringValues.Concat(_entries[index].Value, value));
        else AddNew(name, value);
    }

    private int IndexOf(string name)
    {
        var entries = _entries;
        for (var i = 0; i < _count; i++)
        {
            var key = entries[i].Key;
            if (ReferenceEquals(key, name) || string.Equals(key, name, StringComparison.OrdinalIgnoreCase)) return i;
        }
        return -1;
    }

    private void AddNew(string name, StringValues value)
    {
        if (_count == _entries.Length) Array.Resize(ref _entries, _count * 2);
        _entries[_count++] = new(name, value);
    }

    private static string ValidateName(string name)
    {
        if (!HeaderGrammar.IsToken(name))
            throw new ArgumentException($"'{name}' is not a valid header field name (RFC 9110 §5.1: a token).", nameof(name));
        return name;
    }

    /// <summary>
    /// Refuses a value the writer could not send, here where the code that set it is on the stack, instead of
    /// failing later inside the response writer. Values the server parsed skip this (<see cref="AppendParsed"/>).
    /// </summary>
    private static void ValidateValues(string name, StringValues values)
    {
        for (var i = 0; i < values.Count; i++)
        {
            if (values[i] is { } value && !HeaderGrammar.IsSendableFieldValue(value))
                throw new ArgumentException(
                    $"The value of header '{name}' holds a character that cannot be sent (RFC 9110 §5.5: no CR, LF or other control characters; only ASCII). Encode it first.",
                    nameof(values));
        }
    }

    /// <summary>Enumerates header fields without allocating.</summary>
    public struct Enumerator : IEnumerator<KeyValuePair<string, StringValues>>
    {
        private readonly HeaderDictionary _headers;
        private int _index;

        internal Enumerator(HeaderDictionary headers)
        {
            _headers = headers;
            _index = -1;
        }

        /// <inheritdoc />
        public readonly KeyValuePair<string, StringValues> Current => _headers._entries[_index];

        readonly object IEnumerator.Current => Current;

        /// <inheritdoc />
        public bool MoveNext() => ++_index < _headers._count;

        /// <inheritdoc />
        public void Reset() => _index = -1;

        /// <inheritdoc />
        public readonly void Dispose() { }
    }
}
