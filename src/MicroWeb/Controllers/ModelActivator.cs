using System.Diagnostics.CodeAnalysis;
using System.ComponentModel.DataAnnotations;
using System.Linq.Expressions;
using System.Reflection;
using Microsoft.Extensions.Primitives;
using MicroWeb.Routing;

namespace MicroWeb.Controllers;

/// <summary>
/// Builds a model (class or record) from name/value pairs (form fields or the query string): constructor
/// parameters and settable properties bound by name, case-insensitively. Planned and compiled at startup.
/// Given the route, a member named like a route parameter takes the route value first (<c>/items/{id}</c>
/// fills <c>Id</c>), as a simple parameter does.
/// </summary>
/// <remarks>
/// One level only: members of simple types, collections of them and uploaded files are bound; members of
/// other types keep their default (a JSON body binds those). A missing member keeps its default rather than
/// failing, so <c>[Required]</c> reports it through ModelState; a member whose value does not convert is a 400.
/// </remarks>
[RequiresUnreferencedCode("A complex model's constructor and properties are found by reflection.")]
[RequiresDynamicCode("A complex model's constructor and property setters are compiled from expression trees.")]
internal sealed class ModelActivator<T> : IModelActivator<T>
{
    private readonly Func<object?[], T>? _construct;
    private readonly Member[] _arguments;
    private readonly (Member Member, Setter Set)[] _properties;
    private readonly (string Key, Func<T, object?> Get, ValidationAttribute[] Validators)[] _validated;

    /// <param name="route">The route whose values fill members of the same name; null when the model reads no route value.</param>
    public ModelActivator(RoutePattern? route)
    {
        var type = typeof(T);
        var constructors = type.GetConstructors();
        var constructor = constructors.Length == 1
            ? constructors[0]
            : Array.Find(constructors, c => c.GetParameters().Length == 0);
        var parameters = constructor?.GetParameters() ?? [];
        _arguments = [.. parameters.Select(p => new Member(p.Name!, p.ParameterType, DefaultOf(p), RouteIndex(route, p.Name!, p.ParameterType)))];
        if (!type.IsAbstract && (constructor is not null || type.IsValueType))
        {
            var args = Expression.Parameter(typeof(object?[]), "args");
            Expression create = constructor is null
                ? Expression.New(type)
                : Expression.New(constructor, parameters.Select((p, i) => Expression.Convert(Expression.ArrayIndex(args, Expression.Constant(i)), p.ParameterType)));
            _construct = Expression.Lambda<Func<object?[], T>>(create, args).Compile();
        }

        var properties = new List<(Member, Setter)>();
        var validated = new List<(string, Func<T, object?>, ValidationAttribute[])>();
        foreach (var property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            if (property.GetIndexParameters().Length > 0)
            {
                continue;
            }

            ValidationAttribute[] validators = [
                .. property.GetCustomAttributes<ValidationAttribute>(inherit: true),
                .. parameters.Where(p => string.Equals(p.Name, property.Name, StringComparison.OrdinalIgnoreCase))
                    .SelectMany(p => p.GetCustomAttributes<ValidationAttribute>()),
            ];
            if (validators.Length > 0 && property.GetMethod is { IsPublic: true })
            {
                validated.Add((property.Name, Getter(property), validators));
            }

            var setByConstructor = parameters.Any(p => string.Equals(p.Name, property.Name, StringComparison.OrdinalIgnoreCase));
            if (!setByConstructor && property.SetMethod is { IsPublic: true } && Member.IsBindable(property.PropertyType))
            {
                properties.Add((new Member(property.Name, property.PropertyType, null, RouteIndex(route, property.Name, property.PropertyType)), SetterOf(property)));
            }
        }

        _properties = [.. properties];
        _validated = [.. validated];
    }

    /// <summary>True when the model type can be created here (a public constructor, or a struct).</summary>
    public bool CanCreate => _construct is not null;

    /// <summary>The members that take a route value, for the startup check of the route's parameters.</summary>
    public IEnumerable<RouteBinding> RouteBindings(string model) =>
        _arguments.Concat(_properties.Select(p => p.Member))
            .Where(m => m.RouteIndex >= 0)
            .Select(m => new RouteBinding(m.RouteIndex, $"{model}.{m.Name}", m.Type));

    /// <summary>Creates the model from <paramref name="values"/>, recording conversion failures on <paramref name="binding"/>.</summary>
    public T Create(BindingContext binding, IReadOnlyDictionary<string, StringValues> values, FormCollection? form)
    {
        var args = new object?[_arguments.Length];
        for (var i = 0; i < args.Length; i++)
        {
            var member = _arguments[i];
            args[i] = member.Read(binding, values, form, out var value) ? value : member.Default;
        }

        var model = _construct!(args);
        foreach ((var member, var set) in _properties)
        {
            if (member.Read(binding, values, form, out var value))
            {
                set(ref model, value);
            }
        }

        return model;
    }

    /// <summary>Runs the members' validation attributes and <see cref="IValidatableObject"/> into ModelState.</summary>
    public void Validate(BindingContext binding, T model) => ModelValidation.Validate(binding, model, _validated);

    private static object? DefaultOf(ParameterInfo parameter)
    {
        if (parameter.HasDefaultValue && parameter.DefaultValue is { } value && value is not DBNull)
        {
            return value;
        }

        return parameter.ParameterType.IsValueType ? Activator.CreateInstance(parameter.ParameterType) : null;
    }

    /// <summary>Uploaded files never come from the route; other members match a route parameter by name, case-insensitively.</summary>
    private static int RouteIndex(RoutePattern? route, string name, Type type) =>
        route is null || FormFiles.Supports(type) ? -1 : route.GetParameterIndex(name);

    private static Func<T, object?> Getter(PropertyInfo property)
    {
        var model = Expression.Parameter(typeof(T), "model");
        return Expression.Lambda<Func<T, object?>>(Expression.Convert(Expression.Property(model, property), typeof(object)), model).Compile();
    }

    /// <summary>The property's setter, taking the model by reference: a struct model is set in place, not on a copy.</summary>
    private static Setter SetterOf(PropertyInfo property)
    {
        var model = Expression.Parameter(typeof(T).MakeByRefType(), "model");
        var value = Expression.Parameter(typeof(object), "value");
        return Expression.Lambda<Setter>(
            Expression.Assign(Expression.Property(model, property), Expression.Convert(value, property.PropertyType)), model, value).Compile();
    }

    private delegate void Setter(ref T model, object? value);

    /// <summary>One bindable member: a constructor parameter or a property.</summary>
    [RequiresUnreferencedCode("A model member's converter is found by reflection.")]
    [RequiresDynamicCode("A model member's converter is closed over its type at run time.")]
    private sealed class Member(string name, Type type, object? defaultValue, int routeIndex)
    {
        private readonly ValueConverter? _converter = ValueConverter.For(type);
        private readonly bool _files = FormFiles.Supports(type);

        public object? Default => defaultValue;

        public string Name => name;

        public Type Type => type;

        /// <summary>The route parameter's index, or -1 when the member reads no route value.</summary>
        public int RouteIndex => routeIndex;

        public static bool IsBindable(Type type) => ValueConverter.For(type) is not null || FormFiles.Supports(type);

        /// <summary>Reads the member's value; false when the request has none (or it did not convert, which is recorded).</summary>
        public bool Read(BindingContext binding, IReadOnlyDictionary<string, StringValues> values, FormCollection? form, out object? value)
        {
            if (_files)
            {
                value = FormFiles.Read(form, name, type);
                return value is not null;
            }

            if (_converter is null || !ModelValidation.TryRaw(binding, values, name, routeIndex, type == typeof(string), out var raw))
            {
                value = null;
                return false;
            }

            if (_converter.TryConvertBoxed(raw, out value, out var bad))
            {
                return true;
            }

            ModelValidation.Fail(binding, name, bad, _converter.TypeName);
            return false;
        }
    }
}
