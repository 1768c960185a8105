using Microsoft.Extensions.Primitives;

namespace MicroWeb.Middleware.ForwardedHeaders;

/// <summary>
/// The elements of a comma-separated header list (RFC 9110 §5.6.1), last first, across all its field lines: each proxy
/// appends, so the rightmost element is the nearest proxy's. Empty elements are skipped, as §5.6.1 says; nothing is allocated.
/// </summary>
internal struct ReverseListReader
{
    private readonly StringValues _values;
    private int _index;
    private int _end;

    public ReverseListReader(StringValues values)
    {
        _values = values;
        _index = values.Count - 1;
        _end = _index >= 0 ? (values[_index] ?? "").Length : 0;
    }

    /// <summary>True while another element was read; <paramref name="element"/> is it, trimmed of spaces and tabs.</summary>
    public bool TryRead(out ReadOnlySpan<char> element)
    {
        while (_index >= 0)
        {
            var value = (_values[_index] ?? "").AsSpan(0, _end);
            var comma = value.LastIndexOf(',');
            element = value[(comma + 1)..].Trim(" \t");
            if (comma >= 0)
            {
                _end = comma;
            }
            else if (--_index >= 0)
            {
                _end = (_values[_index] ?? "").Length;
            }
            if (!element.IsEmpty) return true;
        }
        element = default;
        return false;
    }
}
