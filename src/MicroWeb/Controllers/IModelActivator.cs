using MicroWeb.Routing;

namespace MicroWeb.Controllers;

/// <summary>
/// How <see cref="ModelBinder{T}"/> creates and validates a complex model: by reflection (<see cref="ModelActivator{T}"/>)
/// or from the generator's description (<see cref="GeneratedModelActivator{T}"/>). Both follow the same rules, so a
/// model binds to the same values and ModelState errors on either path.
/// </summary>
internal interface IModelActivator<T>
{
    /// <summary>True when the model type can be created from form or query values.</summary>
    bool CanCreate { get; }

    /// <summary>The members that take a route value, for the startup check of the route's parameters.</summary>
    IEnumerable<RouteBinding> RouteBindings(string model);

    /// <summary>Creates the model from <paramref name="values"/>, recording conversion failures on <paramref name="binding"/>.</summary>
    T Create(BindingContext binding, IReadOnlyDictionary<string, Microsoft.Extensions.Primitives.StringValues> values, FormCollection? form);

    /// <summary>Runs the members' validation attributes and <see cref="System.ComponentModel.DataAnnotations.IValidatableObject"/> into ModelState.</summary>
    void Validate(BindingContext binding, T model);
}
