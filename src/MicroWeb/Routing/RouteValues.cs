using System.Collections;
using System.Diagnostics.CodeAnalysis;

namespace MicroWeb;

/// <summary>
/// The values a matched route captured from the path, by parameter name (compared case-insensitively).
/// Every parameter of the route is present; an optional parameter the path left out has its default, or
/// <see langword="null"/> when it has none.
/// </summary>
/// <remarks>
/// A struct over two arrays: the parameter names are shared by every match of the route, so a match
/// allocates one values array and nothing when the route has no parameters (<see cref="Empty"/>).
/// <see langword="default"/> is the same as <see cref="Empty"/>.
/// </remarks>
public readonly struct RouteValues : IReadOnlyCollection<KeyValuePair<string, string?>>
{
    private readonly string[]? _names;
    private readonly string?[]? _values;

    /// <param name="names">The route's parameter names, in template order; shared, never written.</param>
    /// <param name="values">One value per name; owned by this instance.</param>
    internal RouteValues(string[] names, string?[] values)
    {
        _names = names;
        _values = values;
    }

    /// <summary>No values: what a route without parameters yields.</summary>
    public static RouteValues Empty => default;

    /// <summary>The number of parameters of the matched route.</summary>
    public int Count => _names?.Length ?? 0;

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
        if (_names is not null)
        {
            for (var i = 0; i < _names.Length; i++)
            {
                if (string.Equals(_names[i], name, StringComparison.OrdinalIgnoreCase))
                {
                    value = _values![i];
                    return value is not null;
                }
            }
        }

        value = null;
        return false;
    }

    /// <summary>The value at a parameter index the binder looked up once at startup with <c>RoutePattern.GetParameterIndex</c>.</summary>
    internal string? GetValue(int index) => _values![index];

    /// <summary>Returns an enumerator over the (name, value) pairs in template order.</summary>
    public Enumerator GetEnumerator() => new(this);

    IEnumerator<KeyValuePair<string, string?>> IEnumerable<KeyValuePair<string, string?>>.GetEnumerator() => GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    /// <summary>Enumerates the (name, value) pairs of a <see cref="RouteValues"/> without allocating.</summary>
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
        public readonly KeyValuePair<string, string?> Current => new(_owner._names![_index], _owner._values![_index]);

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
