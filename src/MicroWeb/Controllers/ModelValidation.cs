using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Primitives;

namespace MicroWeb.Controllers;

/// <summary>
/// What both model activators share: reading one member's text (route value first, then the form or query) and
/// running the members' validation attributes and <see cref="IValidatableObject"/> into ModelState, so the generated
/// and the reflection path cannot drift apart in keys or messages.
/// </summary>
internal static class ModelValidation
{
    /// <summary>The text for member <paramref name="name"/>; false when the request has none, or (for a non-string) only an empty value.</summary>
    public static bool TryRaw(BindingContext binding, IReadOnlyDictionary<string, StringValues> values, string name, int routeIndex, bool isString, out StringValues raw)
    {
        raw = StringValues.Empty;
        if (routeIndex >= 0 && binding.RouteValues.GetValue(routeIndex) is { } routeValue)
        {
            raw = routeValue;
        }
        else if (values.TryGetValue(name, out var found))
        {
            raw = found;
        }

        return raw.Count > 0 && (isString || raw.Count != 1 || !string.IsNullOrEmpty(raw[0]));
    }

    /// <summary>Records a member whose text did not convert: a 400 naming the member.</summary>
    public static void Fail(BindingContext binding, string name, string? bad, string typeName) =>
        binding.Fail(name, $"The value {BindingProblem.Quote(bad)} for '{name}' is not a valid {typeName}.");

    /// <summary>Runs <paramref name="validated"/> on <paramref name="model"/>, then its <see cref="IValidatableObject.Validate"/>.</summary>
    public static void Validate<T>(BindingContext binding, T model, ReadOnlySpan<(string Key, Func<T, object?> Get, ValidationAttribute[] Validators)> validated)
    {
        if (model is null || (validated.Length == 0 && model is not IValidatableObject))
        {
            return;
        }

        foreach ((var key, var get, var validators) in validated)
        {
            var value = get(model);

            // The constructor taking the display name reads no metadata of the instance's type (trim-safe, .NET 10).
            var context = new ValidationContext(model, key, null, null) { MemberName = key };
            foreach (var validator in validators)
            {
                if (validator.GetValidationResult(value, context) is { ErrorMessage: { } message })
                {
                    binding.ModelState.AddModelError(key, message);
                }
            }
        }

        if (model is IValidatableObject validatable)
        {
            // The display name a ValidationContext without a member falls back to: the type's name.
            foreach (var result in validatable.Validate(new ValidationContext(model, model.GetType().Name, null, null)))
            {
                var message = result.ErrorMessage ?? "The value is invalid.";
                var any = false;
                foreach (var member in result.MemberNames)
                {
                    binding.ModelState.AddModelError(member, message);
                    any = true;
                }

                if (!any)
                {
                    binding.ModelState.AddModelError("", message);
                }
            }
        }
    }
}
