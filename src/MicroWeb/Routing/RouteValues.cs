using System.Collections;
using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Runtime.CompilerServices;
using MicroWeb.Http;
using MicroWeb.Routing;

namespace MicroWeb;

/// <summary>
/// The values a matched route captured from the path, by parameter name (compared case-insensitively).
/// Every parameter of the route is present; an optional parameter the path left out has its default, or
/// <see langword="null"/> when it has none.
/// </summary>
/// <remarks>
/// A struct over the route's pattern and the request's path string: a match allocates nothing, and a value
/// becomes a string only when it is asked for as one (each time it is asked; keep the string to read it twice
/// for free). Binders of numbers and GUIDs parse the path's characters directly. The path string never changes,
/// so values kept past their request still read that request's path. <see langword="default"/> is the same as <see cref="Empty"/>.
/// </remarks>
public readonly struct RouteValues : IReadOnlyCollection<KeyValuePair<string, string?>>
{
    private readonly RoutePattern? _pattern;
    private readonly string? _path;
    private readonly int _length;
    private readonly int _depth;

    /// <param name="pattern">The matched route's pattern: its parameter names, segments and defaults.</param>
    /// <param name="path">The request path the route matched.</param>
    /// <param name="length">How much of <paramref name="path"/> the match used (a single trailing '/' is not part of it).</param>
    /// <param name="depth">The number of segments the match consumed: parameters in later segments take their defaults.</param>
    internal RouteValues(RoutePattern? pattern, string? path, int length, int depth)
    {
        _pattern = pattern;
        _path = path;
        _length = length;
        _depth = depth;
    }

    /// <summary>The values of the match <paramref name="capture"/> records (<see cref="Capture"/>).</summary>
    internal RouteValues(RouteCapture capture)
        : this((RoutePattern?)capture.Pattern, capture.Path, capture.Length, capture.Depth)
    {
    }

    /// <summary>This match, to keep on the context without boxing it (<see cref="RouteValuesHttpContextExtensions"/>).</summary>
    internal RouteCapture Capture => new(_pattern, _path, _length, _depth);

    /// <summary>No values: what a route without parameters yields.</summary>
    public static RouteValues Empty => default;

    /// <summary>The number of parameters of the matched route.</summary>
    public int Count => _pattern?.ParameterNames.Length ?? 0;

    /// <summary>The value of parameter <paramref name="name"/>, or <see langword="null"/> when the route has no such parameter or the path left it out.</summary>
    /// <param name="name">The parameter name, compared case-insensitively.</param>
    public string? this[string name] => TryGetValue(name, out var value) ? value : null;

    /// <summary>Gets the value of parameter <paramref name="name"/>.</summary>
    /// <param name="name">The parameter name, compared case-insensitively.</param>
    /// <param name="value">The value, or <see langword="null"/> when the method returns <see langword="false"/>.</param>
    /// <returns><see langword="true"/> when the route has the parameter and it has a value (from the path or its default).</returns>
    public bool TryGetValue(string name, [NotNullWhen(true)] out string? value)
    {
        ArgumentNullException.ThrowIfNull(name);
        var names = _pattern?.ParameterNames ?? [];
        for (var i = 0; i < names.Length; i++)
        {
            if (string.Equals(names[i], name, StringComparison.OrdinalIgnoreCase))
            {
                value = GetValue(i);
                return value is not null;
            }
        }

        value = null;
        return false;
    }

    /// <summary>The value at a parameter index the binder looked up once at startup with <c>RoutePattern.GetParameterIndex</c>, as a new string.</summary>
    internal string? GetValue(int index) =>
        TryGetRaw(index, out var raw) ? EncodedSlash.Decode(raw) : _pattern!.Parameters[index].Default;

    /// <summary>
    /// The value at a parameter index as characters, for a binder that parses it: the path's own characters unless
    /// the value holds an encoded slash (then a decoded copy). False when the value is missing (no default either).
    /// </summary>
    internal bool TryGetSpan(int index, out ReadOnlySpan<char> value)
    {
        if (TryGetRaw(index, out var raw))
        {
            value = EncodedSlash.IsIn(raw) ? EncodedSlash.Decode(raw) : raw;
            return true;
        }

        value = _pattern!.Parameters[index].Default;
        return _pattern.Parameters[index].Default is not null;
    }

    /// <summary>
    /// Parses the value at a parameter index straight from the path when <typeparamref name="T"/> is <see cref="int"/>,
    /// <see cref="long"/> or <see cref="Guid"/>, as <c>IParsable&lt;T&gt;.TryParse(text, InvariantCulture)</c> parses the
    /// string (<see cref="NumberStyles.Integer"/>): no string is made. False for any other type, a missing value or one
    /// that does not parse, which the caller then treats as text (and reports).
    /// </summary>
    internal bool TryParse<T>(int index, out T value)
    {
        // typeof(T) tests are constants per instantiation: the JIT keeps one branch, and Unsafe.As does not box.
        if ((typeof(T) == typeof(int) || typeof(T) == typeof(long) || typeof(T) == typeof(Guid)) && TryGetSpan(index, out var text))
        {
            if (typeof(T) == typeof(int) && int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var number))
            {
                value = Unsafe.As<int, T>(ref number);
                return true;
            }

            if (typeof(T) == typeof(long) && long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var wide))
            {
                value = Unsafe.As<long, T>(ref wide);
                return true;
            }

            if (typeof(T) == typeof(Guid) && Guid.TryParse(text, out var guid))
            {
                value = Unsafe.As<Guid, T>(ref guid);
                return true;
            }
        }

        value = default!;
        return false;
    }

    /// <summary>
    /// The still-encoded characters of parameter <paramref name="index"/>, found again in the path: a parameter fills
    /// segment <c>n</c> of the template, which is segment <c>n</c> of the path, the text after its <c>n + 1</c>-th '/'.
    /// False when the match ended before that segment (the parameter is optional and left out).
    /// </summary>
    private bool TryGetRaw(int index, out ReadOnlySpan<char> raw)
    {
        var pattern = _pattern!;
        var segment = pattern.ParameterSegments[index];
        if (segment >= _depth)
        {
            raw = default;
            return false;
        }

        var path = _path.AsSpan(0, _length);
        var start = 1;
        for (var i = 0; i < segment; i++)
        {
            start += path[start..].IndexOf('/') + 1;
        }

        raw = path[start..];
        if (!pattern.Parameters[index].IsCatchAll && raw.IndexOf('/') is var slash and >= 0)
        {
            raw = raw[..slash];
        }

        return true;
    }

    /// <summary>Returns an enumerator over the (name, value) pairs in template order.</summary>
    public Enumerator GetEnumerator() => new(this);

    IEnumerator<KeyValuePair<string, string?>> IEnumerable<KeyValuePair<string, string?>>.GetEnumerator() => GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    /// <summary>Enumerates the (name, value) pairs of a <see cref="RouteValues"/>; each value is made a string as it is reached.</summary>
    public struct Enumerator : IEnumerator<KeyValuePair<string, string?>>
    {
        private readonly RouteValues _owner;
        private int _index;

        internal Enumerator(RouteValues owner)
        {
            _owner = owner;
            _index = -1;
        }

        /// <summary>The current pair.</summary>
        public readonly KeyValuePair<string, string?> Current => new(_owner._pattern!.ParameterNames[_index], _owner.GetValue(_index));

        readonly object IEnumerator.Current => Current;

        /// <summary>Advances to the next pair.</summary>
        /// <returns><see langword="false"/> after the last pair.</returns>
        public bool MoveNext() => ++_index < _owner.Count;

        /// <summary>Goes back to before the first pair.</summary>
        public void Reset() => _index = -1;

        /// <summary>Does nothing; the enumerator holds no resources.</summary>
        public readonly void Dispose()
        {
        }
    }
}
