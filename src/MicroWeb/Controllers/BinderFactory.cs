using System.ComponentModel.DataAnnotations;
using System.Diagnostics.CodeAnalysis;
using System.Reflection;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using MicroWeb.Routing;

namespace MicroWeb.Controllers;

/// <summary>
/// Decides, once per parameter at startup, where its value comes from; mistakes (two sources, a route
/// parameter the template lacks, a type that cannot be bound) fail the app with the action's name.
/// </summary>
internal sealed class BinderFactory(IServiceProvider services)
{
    private readonly IServiceProviderIsService? _isService = services.GetService<IServiceProviderIsService>();
    private readonly NullabilityInfoContext _nullability = new();

    /// <summary>The registered services' lifetimes, when the app was built by <see cref="MicroWebAppBuilder"/>.</summary>
    public ServiceLifetimes? Lifetimes { get; } = services.GetService<ServiceLifetimes>();

    /// <summary>Where discovery says which controllers take the reflection path; null without logging.</summary>
    public ILogger? Logger { get; } = services.GetService<ILoggerFactory>()?.CreateLogger("MicroWeb.Controllers");

    /// <param name="parameter">The parameter, read for its name, attributes and default value (metadata only).</param>
    /// <param name="pattern">The route.</param>
    /// <param name="owner">The action's name, for errors.</param>
    /// <param name="generated">The generator's view of the parameter's type: the binder is closed over it; null takes the reflection path.</param>
    public ParameterBinder Create(ParameterInfo parameter, RoutePattern pattern, string owner, GeneratedParameter? generated = null)
    {
        var name = parameter.Name ?? throw new InvalidOperationException($"A parameter of {owner} has no name.");
        var type = parameter.ParameterType;
        if (type.IsByRef || type.IsPointer)
        {
            throw Error(parameter, owner, "ref, out and pointer parameters cannot be bound");
        }

        Attribute[] sources = [.. parameter.GetCustomAttributes().Where(a => a is FromBodyAttribute or FromQueryAttribute or FromRouteAttribute
            or FromFormAttribute or FromHeaderAttribute or FromCookieAttribute or FromServicesAttribute)];
        if (sources.Length > 1)
        {
            throw Error(parameter, owner, $"it has {sources.Length} binding-source attributes; use one");
        }

        var source = sources.FirstOrDefault();
        if (source is null && ContextBinder.For(parameter) is { } context)
        {
            return context;
        }

        var required = IsRequired(parameter, generated);
        var defaultValue = DefaultOf(parameter, generated);
        ValidationAttribute[] validators = [.. parameter.GetCustomAttributes<ValidationAttribute>()];
        if (source is FromServicesAttribute)
        {
            return generated?.Service(name, required, owner) ?? Make(typeof(ServiceBinder<>), type, name, required, owner);
        }

        if (FormFiles.Supports(type))
        {
            if (source is not (null or FromFormAttribute))
            {
                throw Error(parameter, owner, "uploaded files come from the form only");
            }

            var key = (source as FromFormAttribute)?.Name ?? name;
            return FormFileBinder(type, name, key, required && type == typeof(FormFile), validators);
        }

        var converter = source is FromBodyAttribute ? null : generated is not null ? generated.Converter : Converter(type);
        if (converter is not null)
        {
            (var valueSource, var key) = source switch
            {
                FromRouteAttribute route => (ValueSource.Route, route.Name),
                FromQueryAttribute query => (ValueSource.Query, query.Name),
                FromFormAttribute form => (ValueSource.Form, form.Name),
                FromHeaderAttribute header => (ValueSource.Header, header.Name),
                FromCookieAttribute cookie => (ValueSource.Cookie, cookie.Name),
                _ => (ValueSource.Default, null),
            };
            key ??= name;
            var routeIndex = valueSource is ValueSource.Route or ValueSource.Default ? pattern.GetParameterIndex(key) : -1;
            if (valueSource == ValueSource.Route && routeIndex < 0)
            {
                throw Error(parameter, owner, $"the route '{pattern.Template}' has no parameter '{key}'");
            }

            return generated?.Value(name, key, valueSource, routeIndex, converter, required, defaultValue, validators)
                ?? Make(typeof(ValueBinder<>), type, name, key, valueSource, routeIndex, converter, required, defaultValue, validators);
        }

        if (source is FromRouteAttribute or FromHeaderAttribute or FromCookieAttribute)
        {
            throw Error(parameter, owner, $"{type} is not a simple type (string, number, bool, Guid, date, enum, or a collection of them)");
        }

        if (source is null && (type.IsInterface || type.IsAbstract || _isService?.IsService(type) == true))
        {
            // Minimal-API style: a registered service needs no attribute. An unregistered interface is
            // almost certainly a forgotten registration, reported now rather than as a 500 per request.
            if (_isService?.IsService(type) != true)
            {
                throw Error(parameter, owner, $"{type} is not a registered service; register it, or mark the parameter [FromBody]");
            }

            return generated?.Service(name, required, owner) ?? Make(typeof(ServiceBinder<>), type, name, required, owner);
        }

        var modelSource = source switch
        {
            FromBodyAttribute => ModelSource.Body,
            FromFormAttribute => ModelSource.Form,
            FromQueryAttribute => ModelSource.Query,
            _ => ModelSource.Default,
        };
        if (generated?.GeneratedModel(name, modelSource, required, defaultValue, validators, owner, pattern) is { } described)
        {
            return described;
        }

        if (!ControllerReflection.IsSupported)
        {
            throw ControllerReflection.NotGenerated($"Parameter '{name}' of {owner} ({type}, a complex model bound by reflection)");
        }

        return generated?.Model(name, modelSource, required, defaultValue, validators, owner, pattern)
            ?? Make(typeof(ModelBinder<>), type, name, modelSource, required, defaultValue, validators, owner, pattern);
    }

    /// <summary>The files binder of one of the types <see cref="FormFiles.Supports"/>: a closed set, so no reflection.</summary>
    private static ParameterBinder FormFileBinder(Type type, string name, string key, bool required, ValidationAttribute[] validators) =>
        type == typeof(FormFile) ? new FormFileBinder<FormFile>(name, key, required, validators)
        : type == typeof(FormFile[]) ? new FormFileBinder<FormFile[]>(name, key, required, validators)
        : type == typeof(List<FormFile>) ? new FormFileBinder<List<FormFile>>(name, key, required, validators)
        : type == typeof(IEnumerable<FormFile>) ? new FormFileBinder<IEnumerable<FormFile>>(name, key, required, validators)
        : type == typeof(IReadOnlyList<FormFile>) ? new FormFileBinder<IReadOnlyList<FormFile>>(name, key, required, validators)
        : type == typeof(IReadOnlyCollection<FormFile>) ? new FormFileBinder<IReadOnlyCollection<FormFile>>(name, key, required, validators)
        : type == typeof(IList<FormFile>) ? new FormFileBinder<IList<FormFile>>(name, key, required, validators)
        : new FormFileBinder<ICollection<FormFile>>(name, key, required, validators);

    private static ValueConverter? Converter(Type type)
    {
        if (ControllerReflection.IsSupported)
        {
            return ValueConverter.For(type);
        }

        throw ControllerReflection.NotGenerated($"Binding {type} without a generated table");
    }

    /// <summary>
    /// Required means the action cannot run without it: a non-nullable value type, or a reference type
    /// annotated non-nullable, without a default value.
    /// </summary>
    private bool IsRequired(ParameterInfo parameter, GeneratedParameter? generated)
    {
        if (parameter.HasDefaultValue)
        {
            return false;
        }

        var type = parameter.ParameterType;
        if (type.IsValueType)
        {
            return Nullable.GetUnderlyingType(type) is null;
        }

        // A trimmed app turns NullabilityInfoContext off; the generator read the annotation at compile time.
        return generated?.NotNull ?? _nullability.Create(parameter).WriteState == NullabilityState.NotNull;
    }

    private static object? DefaultOf(ParameterInfo parameter, GeneratedParameter? generated)
    {
        var type = parameter.ParameterType;
        if (parameter.HasDefaultValue && parameter.DefaultValue is { } value && value is not DBNull && value is not Missing)
        {
            // A nullable enum's default arrives as the underlying number.
            var target = Nullable.GetUnderlyingType(type) ?? type;
            return target.IsEnum && value.GetType() != target ? Enum.ToObject(target, value) : value;
        }

        if (generated is not null)
        {
            return generated.DefaultValue;
        }

        return type.IsValueType ? DefaultOfValueType(type) : null;
    }

    private static object? DefaultOfValueType(Type type)
    {
        if (ControllerReflection.IsSupported)
        {
            return CreateDefault(type);
        }

        throw ControllerReflection.NotGenerated($"The default value of {type} without a generated table");
    }

    [RequiresUnreferencedCode("The value type's constructor is found by reflection.")]
    private static object? CreateDefault(Type type) => Activator.CreateInstance(type);

    /// <summary>The reflection path's binder: <paramref name="binder"/> closed over <paramref name="type"/>.</summary>
    private static ParameterBinder Make(Type binder, Type type, params object?[] args)
    {
        if (!ControllerReflection.IsSupported)
        {
            throw ControllerReflection.NotGenerated($"Binding {type} without a generated table");
        }

        return MakeByReflection(binder, type, args);
    }

    [RequiresUnreferencedCode("The binder's constructor is found by reflection.")]
    [RequiresDynamicCode("The binder is closed over the parameter's type at run time.")]
    private static ParameterBinder MakeByReflection(Type binder, Type type, object?[] args) =>
        (ParameterBinder)Activator.CreateInstance(binder.MakeGenericType(type), args)!;

    private static InvalidOperationException Error(ParameterInfo parameter, string owner, string reason) =>
        new($"Parameter '{parameter.Name}' of {owner} cannot be bound: {reason}.");
}
