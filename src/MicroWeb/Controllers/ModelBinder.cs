using System.Diagnostics.CodeAnalysis;
using System.ComponentModel.DataAnnotations;
using MicroWeb.Routing;

namespace MicroWeb.Controllers;

/// <summary>Where a model (a class or record parameter) comes from.</summary>
internal enum ModelSource
{
    /// <summary>No attribute: the form when the request has one, else the JSON body when there is a body, else the query string.</summary>
    Default,
    Body,
    Form,
    Query,
}

/// <summary>A parameter that may read the JSON body; the invoker reads the body before binding, asynchronously.</summary>
internal interface IBodyBinder
{
    string Name { get; }

    Type BodyType { get; }

    /// <summary>False for a <c>[FromForm]</c> or <c>[FromQuery]</c> model, which never reads the body as JSON.</summary>
    bool MayReadBody { get; }

    /// <summary>True when this request's body should be read as JSON for the parameter.</summary>
    bool WantsBody(HttpRequest request);
}

/// <summary>
/// A complex parameter: deserialized from the JSON body, or built from the form or query string by its
/// <see cref="IModelActivator{T}"/> (generated, or <see cref="ModelActivator{T}"/> by reflection). The model's
/// validation attributes, and the parameter's, fill ModelState.
/// </summary>
internal sealed class ModelBinder<T> : ParameterBinder<T>, IBodyBinder
{
    private readonly ModelSource _source;
    private readonly bool _required;
    private readonly T _default;
    private readonly IModelActivator<T> _activator;

    /// <summary>The reflection path: plans the model's creation; <paramref name="route"/>'s values fill members of the same name when the parameter has no binding attribute.</summary>
    [RequiresUnreferencedCode("A complex model's constructor and properties are found by reflection.")]
    [RequiresDynamicCode("A complex model's constructor and property setters are compiled from expression trees.")]
    public ModelBinder(string name, ModelSource source, bool required, T defaultValue, ValidationAttribute[] validators, string owner, RoutePattern? route)
        : this(name, source, required, defaultValue, validators, owner, new ModelActivator<T>(source == ModelSource.Default ? route : null))
    {
    }

    /// <summary>Binds through <paramref name="activator"/>, built for the parameter's source (route values only without a binding attribute).</summary>
    public ModelBinder(string name, ModelSource source, bool required, T defaultValue, ValidationAttribute[] validators, string owner, IModelActivator<T> activator)
        : base(name, validators)
    {
        _source = source;
        _required = required;
        _default = defaultValue;
        _activator = activator;
        if (source != ModelSource.Body && !_activator.CanCreate)
        {
            throw new InvalidOperationException(
                $"Parameter '{name}' of {owner}: {typeof(T)} cannot be created from form or query values (it needs one public "
                + "constructor, or a parameterless one). Mark the parameter [FromBody], or register the type as a service.");
        }
    }

    public Type BodyType => typeof(T);

    /// <summary>True when the model is created and validated from the generator's description, without reflection.</summary>
    public bool IsGenerated => _activator is GeneratedModelActivator<T>;

    public override IEnumerable<RouteBinding> RouteBindings(RoutePattern pattern) => _activator.RouteBindings(Name);

    public override bool ReadsForm => _source is ModelSource.Default or ModelSource.Form;

    public bool MayReadBody => _source is ModelSource.Body or ModelSource.Default;

    public bool WantsBody(HttpRequest request) =>
        _source == ModelSource.Body || (_source == ModelSource.Default && !request.HasFormContentType && request.HasBody);

    public override ParameterDescription Description => new(
        Name,
        _source switch
        {
            ModelSource.Body => ParameterSource.Body,
            ModelSource.Form => ParameterSource.FormModel,
            ModelSource.Query => ParameterSource.QueryModel,
            _ => ParameterSource.Model,
        },
        typeof(T),
        _required,
        _default);

    public override T Bind(BindingContext binding)
    {
        T? model;
        // The body read is the one body-capable parameter's (Endpoint allows one); a [FromQuery]/[FromForm] model never takes it.
        if (_source == ModelSource.Body || (_source == ModelSource.Default && binding.HasBody))
        {
            model = binding.HasBody ? (T?)binding.Body : default;
            if (model is null)
            {
                if (_required)
                {
                    binding.Fail(Name, $"A JSON request body is required for '{Name}'.");
                    return default!;
                }

                return _default;
            }
        }
        else if (_source == ModelSource.Form || (_source == ModelSource.Default && binding.Form is not null))
        {
            var form = binding.Form ?? FormCollection.Empty;
            model = _activator.Create(binding, form, form);
        }
        else
        {
            model = _activator.Create(binding, binding.HttpContext.Request.Query, null);
        }

        _activator.Validate(binding, model!);
        Validate(binding, model!);
        return model!;
    }
}
