using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Primitives;
using MicroWeb.Routing;

namespace MicroWeb.Controllers;

/// <summary>The request sources a simple value can come from.</summary>
internal enum ValueSource
{
    /// <summary>No attribute: route value, then query string, then form.</summary>
    Default,
    Route,
    Query,
    Form,
    Header,
    Cookie,
}

/// <summary>
/// A simple value (or a collection of them) from the route, query string, form, a header or a cookie.
/// A value that does not convert, or a required one that is missing, is a client error (400).
/// </summary>
/// <remarks>
/// For every type but <see cref="string"/>, an empty value (<c>?page=</c>, an empty form field) counts as
/// missing: it takes the default, or is an error when required.
/// </remarks>
internal sealed class ValueBinder<T> : ParameterBinder<T>
{
    private readonly string _key;
    private readonly ValueSource _source;
    private readonly int _routeIndex;
    private readonly ValueConverter<T> _converter;
    private readonly bool _required;
    private readonly T _default;

    /// <param name="name">The parameter's name (error key).</param>
    /// <param name="key">The name in the source (the attribute's <c>Name</c>, or the parameter's name).</param>
    /// <param name="source">Where to look.</param>
    /// <param name="routeIndex">The route parameter's index, or -1 when the route has none of that name.</param>
    /// <param name="converter">Converts the text.</param>
    /// <param name="required">True for a non-nullable parameter without a default.</param>
    /// <param name="defaultValue">The value when missing and not required.</param>
    /// <param name="validators">The parameter's own validation attributes.</param>
    public ValueBinder(string name, string key, ValueSource source, int routeIndex, ValueConverter<T> converter, bool required, T defaultValue, ValidationAttribute[] validators)
        : base(name, validators)
    {
        _key = key;
        _source = source;
        _routeIndex = routeIndex;
        _converter = converter;
        _required = required && !converter.IsCollection;
        _default = defaultValue;
    }

    public override bool ReadsForm => _source is ValueSource.Default or ValueSource.Form;

    public override IEnumerable<RouteBinding> RouteBindings(RoutePattern pattern) =>
        _routeIndex >= 0 ? [new RouteBinding(_routeIndex, Name, typeof(T))] : [];

    public override ParameterDescription Description => new(
        _key,
        _source switch
        {
            ValueSource.Route => ParameterSource.Route,
            ValueSource.Form => ParameterSource.Form,
            ValueSource.Header => ParameterSource.Header,
            ValueSource.Cookie => ParameterSource.Cookie,
            // No attribute: the route value when the template has one, else the query string (or the form).
            _ => _routeIndex >= 0 ? ParameterSource.Route : ParameterSource.Query,
        },
        typeof(T),
        _required,
        _default);

    public override T Bind(BindingContext binding)
    {
        // A number or GUID from the route parses the path's characters, so binding it makes no string; the route
        // value comes first for both sources, as in Read. Anything else (or a value that does not parse) goes below.
        if (_routeIndex >= 0 && _source is ValueSource.Route or ValueSource.Default && binding.RouteValues.TryParse(_routeIndex, out T parsed))
        {
            Validate(binding, parsed);
            return parsed;
        }

        var raw = Read(binding);
        if (IsMissing(raw))
        {
            if (_converter.IsCollection && _converter.TryConvert(StringValues.Empty, out var empty, out _))
            {
                return empty;
            }

            if (_required)
            {
                binding.Fail(Name, $"A value for '{Name}' is required ({Describe(_source)}).");
                return default!;
            }

            Validate(binding, _default);
            return _default;
        }

        if (!_converter.TryConvert(raw, out var value, out var bad))
        {
            binding.Fail(Name, $"The value {BindingProblem.Quote(bad)} for '{Name}' is not a valid {_converter.TypeName}.");
            return default!;
        }

        Validate(binding, value);
        return value;
    }

    private StringValues Read(BindingContext binding)
    {
        var request = binding.HttpContext.Request;
        switch (_source)
        {
            case ValueSource.Route:
                return binding.RouteValues.GetValue(_routeIndex);
            case ValueSource.Query:
                return request.Query[_key];
            case ValueSource.Form:
                return binding.Form is { } form ? form[_key] : StringValues.Empty;
            case ValueSource.Header:
                return request.Headers[_key];
            case ValueSource.Cookie:
                return request.Cookies.TryGetValue(_key, out var cookie) ? cookie : StringValues.Empty;
            default:
                if (_routeIndex >= 0 && binding.RouteValues.GetValue(_routeIndex) is { } routeValue)
                {
                    return routeValue;
                }

                if (request.Query.TryGetValue(_key, out var query) && !IsMissing(query))
                {
                    return query;
                }

                return binding.Form is { } body ? body[_key] : query;
        }
    }

    private static bool IsMissing(StringValues raw) =>
        raw.Count == 0 || (typeof(T) != typeof(string) && raw.Count == 1 && string.IsNullOrEmpty(raw[0]));

    private static string Describe(ValueSource source) => source switch
    {
        ValueSource.Route => "route",
        ValueSource.Query => "query string",
        ValueSource.Form => "form",
        ValueSource.Header => "header",
        ValueSource.Cookie => "cookie",
        _ => "route, query string or form",
    };
}
