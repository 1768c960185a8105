using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using System.Diagnostics.CodeAnalysis;
using MicroWeb.Routing;

namespace MicroWeb.Controllers;

/// <summary>The <see cref="GeneratedParameter"/> of a <typeparamref name="T"/>: builds the binders closed over it.</summary>
internal sealed class GeneratedParameter<T>(bool notNull, ValueConverter<T>? converter, GeneratedModel<T>? model) : GeneratedParameter(notNull)
{
    internal override Type Type => typeof(T);

    internal override ValueConverter? Converter => converter;

    internal override object? DefaultValue => default(T);

    internal override ParameterBinder Service(string name, bool required, string owner) => new ServiceBinder<T>(name, required, owner);

    internal override ParameterBinder Value(string name, string key, ValueSource source, int routeIndex, ValueConverter converter, bool required, object? defaultValue, ValidationAttribute[] validators) =>
        new ValueBinder<T>(name, key, source, routeIndex, (ValueConverter<T>)converter, required, (T)defaultValue!, validators);

    internal override ParameterBinder? GeneratedModel(string name, ModelSource source, bool required, object? defaultValue, ValidationAttribute[] validators, string owner, RoutePattern pattern) =>
        model is null ? null
        : new ModelBinder<T>(name, source, required, (T)defaultValue!, validators, owner, new GeneratedModelActivator<T>(model, source == ModelSource.Default ? pattern : null));

    [RequiresUnreferencedCode("A complex model's members are bound by reflection.")]
    [RequiresDynamicCode("A complex model's members are bound by compiled expression trees.")]
    internal override ParameterBinder Model(string name, ModelSource source, bool required, object? defaultValue, ValidationAttribute[] validators, string owner, RoutePattern pattern) =>
        new ModelBinder<T>(name, source, required, (T)defaultValue!, validators, owner, pattern);
}
