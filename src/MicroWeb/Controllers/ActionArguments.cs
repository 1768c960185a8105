using System.ComponentModel;
using MicroWeb.Controllers;

namespace MicroWeb;

/// <summary>
/// For generated code: the arguments of one action for one request, bound by the same binders the reflection path
/// uses (route, query, form, header, cookie, JSON body, services, validation into ModelState), so both paths answer
/// alike. A struct over the endpoint's binders and the connection's binding state: passing it allocates nothing.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public readonly struct ActionArguments
{
    private readonly ParameterBinder[]? _binders;
    private readonly BindingContext? _binding;
    private readonly object?[]? _values;

    internal ActionArguments(ParameterBinder[] binders, BindingContext binding)
    {
        _binders = binders;
        _binding = binding;
    }

    /// <summary>Arguments already bound into the filters' array (and maybe replaced by a filter): read, not bound.</summary>
    internal ActionArguments(object?[] values) => _values = values;

    /// <summary>True once any argument failed to bind: the generated invoker then returns null without calling the action.</summary>
    public bool Failed => _binding is { Failed: true };

    /// <summary>Binds parameter <paramref name="index"/> as a <typeparamref name="T"/>.</summary>
    /// <typeparam name="T">The parameter's type, exactly.</typeparam>
    /// <param name="index">The parameter's position.</param>
    public T Get<T>(int index)
    {
        if (_values is not null)
        {
            return (T)_values[index]!;
        }

        return _binders![index] is ParameterBinder<T> typed ? typed.Bind(_binding!) : ContextBinder.Get<T>(_binding!);
    }
}
