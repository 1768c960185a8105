using System.ComponentModel;
using System.Diagnostics.CodeAnalysis;
using Microsoft.Extensions.Primitives;
using MicroWeb.Controllers;

namespace MicroWeb;

/// <summary>
/// For generated code: the request's values of a <see cref="GeneratedModel{T}"/>'s members, read typed by index while the
/// generated factory calls the constructor and sets the properties. A member that does not convert is recorded as a 400.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public readonly ref struct GeneratedModelValues
{
    private readonly BindingContext _binding;
    private readonly IReadOnlyDictionary<string, StringValues> _values;
    private readonly FormCollection? _form;
    private readonly GeneratedModelMember[] _members;
    private readonly int[] _routeIndexes;

    internal GeneratedModelValues(BindingContext binding, IReadOnlyDictionary<string, StringValues> values, FormCollection? form, GeneratedModelMember[] members, int[] routeIndexes)
    {
        _binding = binding;
        _values = values;
        _form = form;
        _members = members;
        _routeIndexes = routeIndexes;
    }

    /// <summary>For generated code: the value of member <paramref name="member"/>, or <paramref name="fallback"/> when the request has none.</summary>
    /// <typeparam name="T">The member's type, as described.</typeparam>
    /// <param name="member">The member's index in the model's description.</param>
    /// <param name="fallback">The value when it is missing: the constructor parameter's default.</param>
    /// <returns>The value.</returns>
    public T Get<T>(int member, T fallback) => TryGet<T>(member, out var value) ? value : fallback;

    /// <summary>For generated code: reads member <paramref name="member"/>; false when the request has none, and the property keeps its value.</summary>
    /// <typeparam name="T">The member's type, as described.</typeparam>
    /// <param name="member">The member's index in the model's description.</param>
    /// <param name="value">The value read.</param>
    /// <returns>True when the request had a value that converted.</returns>
    public bool TryGet<T>(int member, [MaybeNullWhen(false)] out T value) =>
        ((GeneratedModelMember<T>)_members[member]).TryRead(_binding, _values, _form, _routeIndexes[member], out value!);
}
