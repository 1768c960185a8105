using Microsoft.Extensions.Primitives;
using MicroWeb.Routing;

namespace MicroWeb.Controllers;

/// <summary>A <see cref="GeneratedModel{T}"/> on one route: which members take which route value, decided at startup.</summary>
internal sealed class GeneratedModelActivator<T> : IModelActivator<T>
{
    private readonly GeneratedModel<T> _model;
    private readonly int[] _routeIndexes;
    private readonly (string Key, Func<T, object?> Get, System.ComponentModel.DataAnnotations.ValidationAttribute[] Validators)[] _validated;

    /// <param name="model">The generator's description.</param>
    /// <param name="route">The route whose values fill members of the same name; null when the model reads no route value.</param>
    public GeneratedModelActivator(GeneratedModel<T> model, RoutePattern? route)
    {
        _model = model;
        _validated = model.Validated.ToArray();
        _routeIndexes = new int[model.Members.Length];
        for (var i = 0; i < _routeIndexes.Length; i++)
        {
            var member = model.Members[i];

            // Uploaded files never come from the route; other members match a route parameter by name, case-insensitively.
            _routeIndexes[i] = route is null || member.IsFiles ? -1 : route.GetParameterIndex(member.Name);
        }
    }

    public bool CanCreate => _model.Create is not null;

    public IEnumerable<RouteBinding> RouteBindings(string model)
    {
        for (var i = 0; i < _routeIndexes.Length; i++)
        {
            if (_routeIndexes[i] >= 0)
            {
                yield return new RouteBinding(_routeIndexes[i], $"{model}.{_model.Members[i].Name}", _model.Members[i].Type);
            }
        }
    }

    public T Create(BindingContext binding, IReadOnlyDictionary<string, StringValues> values, FormCollection? form) =>
        _model.Create!(new GeneratedModelValues(binding, values, form, _model.Members, _routeIndexes));

    public void Validate(BindingContext binding, T model) => ModelValidation.Validate(binding, model, _validated);
}
