using System.ComponentModel;
using MicroWeb.Controllers;

namespace MicroWeb;

/// <summary>For generated code: one action of a <see cref="GeneratedController"/> and its typed invoker.</summary>
/// <param name="name">The method's name.</param>
/// <param name="parameterTypes">Its parameter types, in order: with the name, they find the method (overloads differ here).</param>
/// <param name="parameters">Per parameter, its type as the generator knows it: the binders are built through these, without reflection.</param>
/// <param name="unwrap">Awaits a returned <c>Task&lt;T&gt;</c> or <c>ValueTask&lt;T&gt;</c> (<see cref="UnwrapTask{T}"/>, <see cref="UnwrapValueTask{T}"/>); null for other return types.</param>
/// <param name="invoke">Binds each argument through <see cref="ActionArguments.Get{T}"/> and calls the method; returns what it returned, or null when binding failed or it returns void.</param>
[EditorBrowsable(EditorBrowsableState.Never)]
public sealed class GeneratedAction(string name, Type[] parameterTypes, GeneratedParameter[] parameters, Func<object, ValueTask<object?>>? unwrap, GeneratedInvoker invoke)
{
    /// <summary>The method's name.</summary>
    public string Name { get; } = name;

    /// <summary>Its parameter types.</summary>
    public IReadOnlyList<Type> ParameterTypes { get; } = parameterTypes;

    /// <summary>Its parameters' types, for the binders.</summary>
    public IReadOnlyList<GeneratedParameter> Parameters { get; } = parameters;

    /// <summary>Awaits what the action returned; null when it returns no generic task.</summary>
    public Func<object, ValueTask<object?>>? Unwrap { get; } = unwrap;

    /// <summary>The typed call.</summary>
    public GeneratedInvoker Invoke { get; } = invoke;

    /// <summary>For generated code: the awaiting of an action returning <c>Task&lt;T&gt;</c>.</summary>
    /// <typeparam name="T">The task's result type.</typeparam>
    public static Func<object, ValueTask<object?>> UnwrapTask<T>() => ActionResultAdapter.UnwrapTask<T>;

    /// <summary>For generated code: the awaiting of an action returning <c>ValueTask&lt;T&gt;</c>.</summary>
    /// <typeparam name="T">The task's result type.</typeparam>
    public static Func<object, ValueTask<object?>> UnwrapValueTask<T>() => ActionResultAdapter.UnwrapValueTask<T>;
}

/// <summary>For generated code: binds the arguments of one action and calls it on <paramref name="controller"/>.</summary>
/// <param name="controller">The controller, created for the request.</param>
/// <param name="arguments">The request's binders.</param>
/// <returns>What the action returned (a task is returned as is), or null when it returns void or binding failed.</returns>
[EditorBrowsable(EditorBrowsableState.Never)]
public delegate object? GeneratedInvoker(object controller, ActionArguments arguments);
