using System.ComponentModel;
using System.ComponentModel.DataAnnotations;

namespace MicroWeb;

/// <summary>
/// For generated code: a complex model (form, query or JSON body class or record) described at compile time, so it is
/// created and validated without reflection or expression trees. It follows the reflection path's rules: the members
/// the constructor takes and the settable properties bind by name, case-insensitively (a route value first), a missing
/// member keeps its default, and the members' <see cref="ValidationAttribute"/>s and <see cref="IValidatableObject"/> fill ModelState.
/// </summary>
/// <typeparam name="T">The model type.</typeparam>
/// <param name="members">The bindable members, indexed by the <see cref="GeneratedModelValues"/> reads of <paramref name="create"/>.</param>
/// <param name="create">Creates the model from the request's values; null when it cannot be created from form or query values (a JSON body still binds it).</param>
[EditorBrowsable(EditorBrowsableState.Never)]
public sealed class GeneratedModel<T>(GeneratedModelMember[] members, GeneratedModelFactory<T>? create)
{
    private readonly List<(string Key, Func<T, object?> Get, ValidationAttribute[] Validators)> _validated = [];

    internal GeneratedModelMember[] Members { get; } = members ?? throw new ArgumentNullException(nameof(members));

    internal GeneratedModelFactory<T>? Create { get; } = create;

    internal ReadOnlySpan<(string Key, Func<T, object?> Get, ValidationAttribute[] Validators)> Validated => System.Runtime.InteropServices.CollectionsMarshal.AsSpan(_validated);

    /// <summary>For generated code: a property validated by <paramref name="validators"/> under ModelState key <paramref name="key"/>.</summary>
    /// <param name="key">The property's name: its ModelState key and display name.</param>
    /// <param name="get">Reads the property.</param>
    /// <param name="validators">Its validation attributes, and those of the constructor parameter that sets it.</param>
    /// <returns>This description.</returns>
    public GeneratedModel<T> Validates(string key, Func<T, object?> get, params ValidationAttribute[] validators)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(get);
        ArgumentNullException.ThrowIfNull(validators);
        _validated.Add((key, get, validators));
        return this;
    }
}

/// <summary>For generated code: creates a model from the values read through <paramref name="values"/>.</summary>
/// <typeparam name="T">The model type.</typeparam>
/// <param name="values">The request's values of the model's members.</param>
/// <returns>The model.</returns>
[EditorBrowsable(EditorBrowsableState.Never)]
public delegate T GeneratedModelFactory<T>(GeneratedModelValues values);
