namespace MicroWeb;

/// <summary>
/// What an endpoint filter sees: the request and the arguments bound for the handler or action, in parameter order.
/// An argument replaced here is what the endpoint receives.
/// </summary>
public sealed class EndpointFilterInvocationContext
{
    private readonly object?[] _arguments;

    internal EndpointFilterInvocationContext(HttpContext httpContext, object?[] arguments, object? target)
    {
        HttpContext = httpContext;
        _arguments = arguments;
        Target = target;
    }

    /// <summary>The request being answered.</summary>
    public HttpContext HttpContext { get; }

    /// <summary>
    /// The bound arguments, one per parameter of the handler or action (services, the context and route values
    /// included). Fixed-size: elements can be replaced, not added or removed.
    /// </summary>
    public IList<object?> Arguments => _arguments;

    /// <summary>The controller the action runs on, or null for a handler delegate.</summary>
    internal object? Target { get; }

    /// <summary>The array behind <see cref="Arguments"/>, which the compiled call reads.</summary>
    internal object?[] ArgumentArray => _arguments;

    /// <summary>Argument <paramref name="index"/> as <typeparamref name="T"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">There is no parameter at <paramref name="index"/>.</exception>
    /// <exception cref="InvalidCastException">The argument is not a <typeparamref name="T"/>.</exception>
    public T GetArgument<T>(int index)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, _arguments.Length);
        return _arguments[index] is T value
            ? value
            : _arguments[index] is null && default(T) is null
                ? default!
                : throw new InvalidCastException($"Argument {index} is {_arguments[index]?.GetType().ToString() ?? "null"}, not {typeof(T)}.");
    }
}
