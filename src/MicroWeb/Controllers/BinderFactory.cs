using System.ComponentModel.DataAnnotations;
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

    public ParameterBinder Create(ParameterInfo parameter, RoutePattern pattern, string owner)
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

        var required = IsRequired(parameter);
        var defaultValue = DefaultOf(parameter);
        ValidationAttribute[] validators = [.. parameter.GetCustomAttributes<ValidationAttribute>()];
        if (source is FromServicesAttribute)
        {
            return Make(typeof(ServiceBinder<>), type, name, required, owner);
        }

        if (FormFiles.Supports(type))
        {
            if (source is not (null or FromFormAttribute))
            {
                throw Error(parameter, owner, "uploaded files come from the form only");
            }

            var key = (source as FromFormAttribute)?.Name ?? name;
            return Make(typeof(FormFileBinder<>), type, name, key, required && type == typeof(FormFile), validators);
        }

        var converter = source is FromBodyAttribute ? null : ValueConverter.For(type);
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

            return Make(typeof(ValueBinder<>), type, name, key, valueSource, routeIndex, converter, required, defaultValue, validators);
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

            return Make(typeof(ServiceBinder<>), type, name, required, owner);
        }

        var modelSource = source switch
        {
            FromBodyAttribute => ModelSource.Body,
            FromFormAttribute => ModelSource.Form,
            FromQueryAttribute => ModelSource.Query,
            _ => ModelSource.Default,
        };
        return Make(typeof(ModelBinder<>), type, name, modelSource, required, defaultValue, validators, owner, pattern);
    }

    /// <summary>
    /// Required means the action cannot run without it: a non-nullable value type, or a reference type
    /// annotated non-nullable, without a default value.
    /// </summary>
    private bool IsRequired(ParameterInfo parameter)
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

        return _nullability.Create(parameter).WriteState == NullabilityState.NotNull;
    }

    private static object? DefaultOf(ParameterInfo parameter)
    {
        var type = parameter.ParameterType;
        if (parameter.HasDefaultValue && parameter.DefaultValue is { } value && value is not DBNull && value is not Missing)
        {
            // A nullable enum's default arrives as the underlying number.
            var target = Nullable.GetUnderlyingType(type) ?? type;
            return target.IsEnum && value.GetType() != target ? Enum.ToObject(target, value) : value;
        }

        return type.IsValueType ? Activator.CreateInstance(type) : null;
    }

    private static ParameterBinder Make(Type binder, Type type, params object?[] args) =>
        (ParameterBinder)Activator.CreateInstance(binder.MakeGenericType(type), args)!;

    private static InvalidOperationException Error(ParameterInfo parameter, string owner, string reason) =>
        new($"Parameter '{parameter.Name}' of {owner} cannot be bound: {reason}.");
}
