using System.ComponentModel;

namespace MicroWeb;

/// <summary>For generated code: one action of a <see cref="GeneratedController"/> and its typed invoker.</summary>
/// <param name="name">The method's name.</param>
/// <param name="parameterTypes">Its parameter types, in order: with the name, they find the method (overloads differ here).</param>
/// <param name="invoke">Binds each argument through <see cref="ActionArguments.Get{T}"/> and calls the method; returns what it returned, or null when binding failed or it returns void.</param>
[EditorBrowsable(EditorBrowsableState.Never)]
public sealed class GeneratedAction(string name, Type[] parameterTypes, GeneratedInvoker invoke)
{
    /// <summary>The method's name.</summary>
    public string Name { get; } = name;

    /// <summary>Its parameter types.</summary>
    public IReadOnlyList<Type> ParameterTypes { get; } = parameterTypes;

    /// <summary>The typed call.</summary>
    public GeneratedInvoker Invoke { get; } = invoke;
}

/// <summary>For generated code: binds the arguments of one action and calls it on <paramref name="controller"/>.</summary>
/// <param name="controller">The controller, created for the request.</param>
/// <param name="arguments">The request's binders.</param>
/// <returns>What the action returned (a task is returned as is), or null when it returns void or binding failed.</returns>
[EditorBrowsable(EditorBrowsableState.Never)]
public delegate object? GeneratedInvoker(object controller, ActionArguments arguments);
