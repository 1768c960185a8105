using System.ComponentModel.DataAnnotations;
using System.Diagnostics.CodeAnalysis;
using System.Linq.Expressions;
using System.Reflection;
using System.Runtime.CompilerServices;
using MicroWeb.Routing;

namespace MicroWeb.Controllers;

/// <summary>
/// Where one action parameter's value comes from, decided once at startup. The compiled invoker calls
/// <see cref="BindExpression"/>'s result per request; failures are recorded on the <see cref="BindingContext"/>.
/// </summary>
internal abstract class ParameterBinder(string name)
{
    /// <summary>The parameter's name: the key of its errors and ModelState entries.</summary>
    public string Name { get; } = name;

    /// <summary>True when the binder reads the form, so the invoker reads it first (asynchronously).</summary>
    public virtual bool ReadsForm => false;

    /// <summary>The expression producing the parameter's value from <paramref name="binding"/>: the reflection path's compiled invoker.</summary>
    [RequiresUnreferencedCode("The reflection path's invoker is compiled from expression trees.")]
    [RequiresDynamicCode("The reflection path's invoker is compiled from expression trees.")]
    public abstract Expression BindExpression(ParameterExpression binding);

    /// <summary>The parameter's value, boxed: a generated endpoint with filters binds into the filters' arguments array.</summary>
    public abstract object? BindBoxed(BindingContext binding);

    /// <summary>The route parameters this binder reads, checked at startup by <see cref="RouteBindingCheck"/>.</summary>
    public virtual IEnumerable<RouteBinding> RouteBindings(RoutePattern pattern) => [];

    /// <summary>What the binder reads from the request, for API descriptions; null for services and framework values.</summary>
    public virtual ParameterDescription? Description => null;
}

/// <summary>A binder producing <typeparamref name="T"/> through a virtual call.</summary>
internal abstract class ParameterBinder<T>(string name, ValidationAttribute[] validators) : ParameterBinder(name)
{
    private static readonly object s_noInstance = new();

    public abstract T Bind(BindingContext binding);

    [RequiresUnreferencedCode("The reflection path's invoker is compiled from expression trees.")]
    [RequiresDynamicCode("The reflection path's invoker is compiled from expression trees.")]
    public override Expression BindExpression(ParameterExpression binding) =>
        Expression.Call(Expression.Constant(this), GetType().GetMethod(nameof(Bind))!, binding);

    public override object? BindBoxed(BindingContext binding) => Bind(binding);

    /// <summary>Runs the parameter's own validation attributes (<c>[Range(1, 100)] int page</c>) into ModelState.</summary>
    protected void Validate(BindingContext binding, T value)
    {
        if (validators.Length == 0)
        {
            return;
        }

        // The constructor taking the display name reads no metadata of the instance's type (trim-safe, .NET 10).
        var context = new ValidationContext(value ?? s_noInstance, Name, null, null) { MemberName = Name };
        foreach (var validator in validators)
        {
            if (validator.GetValidationResult(value, context) is { ErrorMessage: { } message })
            {
                binding.ModelState.AddModelError(Name, message);
            }
        }
    }
}

/// <summary>Values the framework has at hand: the context, request, response, abort token, route values, ModelState, form.</summary>
internal sealed class ContextBinder(string name, Type type) : ParameterBinder(name)
{
    private static readonly HashSet<Type> s_known =
    [
        typeof(HttpContext), typeof(HttpRequest), typeof(HttpResponse), typeof(CancellationToken), typeof(RouteValues),
        typeof(ModelStateDictionary), typeof(FormCollection),
    ];

    public override bool ReadsForm => type == typeof(FormCollection);

    public static ContextBinder? For(ParameterInfo parameter) =>
        s_known.Contains(parameter.ParameterType) ? new ContextBinder(parameter.Name!, parameter.ParameterType) : null;

    /// <summary>A call of <see cref="Get{T}"/> closed over the parameter's type: the reflection path reads what the generated path reads.</summary>
    [RequiresUnreferencedCode("The reflection path's invoker is compiled from expression trees.")]
    [RequiresDynamicCode("The reflection path's invoker is compiled from expression trees.")]
    public override Expression BindExpression(ParameterExpression binding) =>
        Expression.Call(typeof(ContextBinder), nameof(Get), [type], binding);

    public override object? BindBoxed(BindingContext binding) =>
        type == typeof(CancellationToken) ? binding.HttpContext.RequestAborted
        : type == typeof(RouteValues) ? binding.RouteValues
        : Boxed(binding, type);

    /// <summary>
    /// The value of a framework type for generated invokers, the same as <see cref="BindExpression"/> builds; the
    /// <c>typeof(T)</c> tests fold away when the JIT specialises the method, so value types are not boxed.
    /// </summary>
    /// <exception cref="InvalidOperationException"><typeparamref name="T"/> is not one of the framework's types.</exception>
    public static T Get<T>(BindingContext binding)
    {
        if (typeof(T) == typeof(CancellationToken))
        {
            var token = binding.HttpContext.RequestAborted;
            return Unsafe.As<CancellationToken, T>(ref token);
        }

        if (typeof(T) == typeof(RouteValues))
        {
            var values = binding.RouteValues;
            return Unsafe.As<RouteValues, T>(ref values);
        }

        return (T)Boxed(binding, typeof(T));
    }

    /// <summary>A <see cref="RouteValues"/> parameter reads every route value itself, as text.</summary>
    public override IEnumerable<RouteBinding> RouteBindings(RoutePattern pattern) =>
        type == typeof(RouteValues)
            ? pattern.ParameterNames.Select((_, i) => new RouteBinding(i, Name, typeof(string)))
            : [];

    private static object Boxed(BindingContext binding, Type type) =>
        type == typeof(HttpContext) ? binding.HttpContext
        : type == typeof(HttpRequest) ? binding.HttpContext.Request
        : type == typeof(HttpResponse) ? binding.HttpContext.Response
        : type == typeof(ModelStateDictionary) ? binding.ModelState
        : type == typeof(FormCollection) ? binding.Form ?? FormCollection.Empty
        : throw new InvalidOperationException($"{type} is not bound from the request's context.");
}

/// <summary>A service from the request's DI scope.</summary>
internal sealed class ServiceBinder<T>(string name, bool required, string owner) : ParameterBinder<T>(name, [])
{
    public override T Bind(BindingContext binding)
    {
        var services = binding.HttpContext.RequestServices;
        var service = services.GetService(typeof(T));
        if (service is null && required)
        {
            // A missing service is a configuration mistake, not client input: a 500 naming the culprit.
            throw new InvalidOperationException($"No service of type {typeof(T)} is registered for parameter '{Name}' of {owner}.");
        }

        return (T)service!;
    }
}
