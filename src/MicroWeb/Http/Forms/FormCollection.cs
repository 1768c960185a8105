using System.Collections;
using System.Diagnostics.CodeAnalysis;
using Microsoft.Extensions.Primitives;
using MicroWeb.Http.Query;

namespace MicroWeb;

/// <summary>
/// A parsed form body: its fields (case-insensitive names, several values per name, in the order sent)
/// and, for multipart/form-data, its <see cref="Files"/>.
/// </summary>
/// <remarks>
/// The server disposes the form when the request ends, deleting uploads that were spilled to temporary
/// files; application code does not need to dispose it.
/// </remarks>
public sealed class FormCollection : IReadOnlyDictionary<string, StringValues>, IDisposable
{
    /// <summary>An empty form; shared, so requests without a form body allocate nothing.</summary>
    public static readonly FormCollection Empty = new(StringValuesMap.Empty, []);

    private readonly StringValuesMap _fields;
    private readonly FormFile[] _files;

    internal FormCollection(StringValuesMap fields, FormFile[] files)
    {
        _fields = fields;
        _files = files;
    }

    /// <summary>The values of field <paramref name="key"/>, or <see cref="StringValues.Empty"/> when absent.</summary>
    public StringValues this[string key] => _fields[key];

    /// <summary>The number of distinct field names (files not included).</summary>
    public int Count => _fields.Count;

    /// <summary>The distinct field names, in order of first appearance.</summary>
    public IEnumerable<string> Keys => _fields.Keys;

    /// <summary>The values of each field, in the order of <see cref="Keys"/>.</summary>
    public IEnumerable<StringValues> Values => _fields.Values;

    /// <summary>The uploaded files, in the order sent.</summary>
    public IReadOnlyList<FormFile> Files => _files;

    /// <summary>Whether the form has field <paramref name="key"/>, compared case-insensitively.</summary>
    public bool ContainsKey(string key) => _fields.ContainsKey(key);

    /// <summary>Gets the values of field <paramref name="key"/> when the form has it.</summary>
    public bool TryGetValue(string key, [MaybeNullWhen(false)] out StringValues value) => _fields.TryGetValue(key, out value);

    /// <summary>The first file uploaded under field <paramref name="name"/> (case-insensitive), or null.</summary>
    public FormFile? GetFile(string name)
    {
        foreach (var file in _files)
        {
            if (string.Equals(file.Name, name, StringComparison.OrdinalIgnoreCase))
                return file;
        }
        return null;
    }

    /// <summary>Enumerates field names with their values, in order of first appearance.</summary>
    public IEnumerator<KeyValuePair<string, StringValues>> GetEnumerator() => _fields.GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    /// <summary>Releases the uploaded files' memory and deletes their temporary files.</summary>
    /// <remarks>Synchronous because deleting a temporary file is a single unlink; there is no async work to await.</remarks>
    public void Dispose()
    {
        foreach (var file in _files)
            file.Content.Dispose();
    }
}
