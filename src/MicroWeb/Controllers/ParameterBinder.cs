using System.ComponentModel.DataAnnotations;
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

    /// <summary>The expression producing the parameter's value from <paramref name="binding"/>.</summary>
    public abstract Expression BindExpression(ParameterExpression binding);

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

    public override Expression BindExpression(ParameterExpression binding) =>
        Expression.Call(Expression.Constant(this), GetType().GetMethod(nameof(Bind))!, binding);

    /// <summary>Runs the parameter's own validation attributes (<c>[Range(1, 100)] int page</c>) into ModelState.</summary>
    protected void Validate(BindingContext binding, T value)
    {
        if (validators.Length == 0)
        {
            return;
        }

        var context = new ValidationContext(value ?? s_noInstance) { MemberName = Name, DisplayName = Name };
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
internal sealed class ContextBinder(string name, Func<ParameterExpression, Expression> build, bool readsForm) : ParameterBinder(name)
{
    private static readonly Dictionary<Type, Func<ParameterExpression, Expression>> s_known = new()
    {
        [typeof(HttpContext)] = b => Expression.Property(b, nameof(BindingContext.HttpContext)),
        [typeof(HttpRequest)] = b => Expression.Property(Expression.Property(b, nameof(BindingContext.HttpContext)), nameof(HttpContext.Request)),
        [typeof(HttpResponse)] = b => Expression.Property(Expression.Property(b, nameof(BindingContext.HttpContext)), nameof(HttpContext.Response)),
        [typeof(CancellationToken)] = b => Expression.Property(Expression.Property(b, nameof(BindingContext.HttpContext)), nameof(HttpContext.RequestAborted)),
        [typeof(RouteValues)] = b => Expression.Property(b, nameof(BindingContext.RouteValues)),
        [typeof(ModelStateDictionary)] = b => Expression.Property(b, nameof(BindingContext.ModelState)),
        [typeof(FormCollection)] = b => Expression.Coalesce(Expression.Property(b, nameof(BindingContext.Form)), Expression.Field(null, typeof(FormCollection), nameof(FormCollection.Empty))),
    };

    public override bool ReadsForm => readsForm;

    public static ContextBinder? For(ParameterInfo parameter) =>
        s_known.TryGetValue(parameter.ParameterType, out var build)
            ? new ContextBinder(parameter.Name!, build, parameter.ParameterType == typeof(FormCollection))
            : null;

    public override Expression BindExpression(ParameterExpression binding) => build(binding);

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

        object? value = typeof(T) == typeof(HttpContext) ? binding.HttpContext
            : typeof(T) == typeof(HttpRequest) ? binding.HttpContext.Request
            : typeof(T) == typeof(HttpResponse) ? binding.HttpContext.Response
            : typeof(T) == typeof(ModelStateDictionary) ? binding.ModelState
            : typeof(T) == typeof(FormCollection) ? binding.Form ?? FormCollection.Empty
            : throw new InvalidOperationException($"{typeof(T)} is not bound from the request's context.");
        return (T)value;
    }

    /// <summary>A <see cref="RouteValues"/> parameter reads every route value itself, as text.</summary>
    public override IEnumerable<RouteBinding> RouteBindings(RoutePattern pattern) =>
        build == s_known[typeof(RouteValues)]
            ? pattern.ParameterNames.Select((_, i) => new RouteBinding(i, Name, typeof(string)))
            : [];
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
