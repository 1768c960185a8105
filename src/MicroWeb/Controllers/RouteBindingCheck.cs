using MicroWeb.Routing;

namespace MicroWeb.Controllers;

/// <summary>
/// The startup check that an endpoint's parameters and its route agree: every route parameter is read by some
/// parameter (or a model's member), and every constraint fits the type it is read as. Without it, a renamed
/// parameter silently binds nothing and a <c>{id:int}</c> bound to a <see cref="Guid"/> is a 400 on every match.
/// </summary>
internal static class RouteBindingCheck
{
    /// <summary>Checks <paramref name="endpoint"/> reached through <paramref name="pattern"/> with <paramref name="methods"/>.</summary>
    /// <exception cref="InvalidOperationException">A route parameter is unbound or a constraint does not fit; one line naming the endpoint, the template and the fix.</exception>
    public static void Check(Endpoint endpoint, RoutePattern pattern, IEnumerable<string>? methods)
    {
        RouteBinding[] bindings = [.. endpoint.Binders.SelectMany(b => b.RouteBindings(pattern))];
        var route = Describe(pattern, methods);
        for (var i = 0; i < pattern.Parameters.Count; i++)
        {
            var parameter = pattern.Parameters[i];
            var readers = bindings.Where(b => b.Index == i).ToArray();
            if (readers.Length == 0)
            {
                throw new InvalidOperationException(
                    $"route parameter '{{{parameter.Name}}}' of '{route}' is not bound by any parameter of {endpoint.DisplayName}: "
                    + $"add a parameter named '{parameter.Name}' or [FromRoute(Name = \"{parameter.Name}\")]");
            }

            foreach (var reader in readers)
            {
                foreach (var constraint in parameter.Constraints)
                {
                    if (!RouteConstraintTypes.Accepts(constraint, reader.Type, out var accepted))
                    {
                        throw new InvalidOperationException(
                            $"parameter '{reader.Name}' ({ValueConverter.DisplayName(reader.Type)}) of {endpoint.DisplayName} cannot take the constraint "
                            + $"'{constraint.Text}' of route parameter '{{{parameter.Name}}}' in '{route}': make the parameter {accepted}, or change the constraint");
                    }
                }
            }
        }
    }

    /// <summary><c>GET /items/{id}</c>, or the template alone when the route takes any method.</summary>
    private static string Describe(RoutePattern pattern, IEnumerable<string>? methods)
    {
        var list = methods is null ? "" : string.Join(",", methods.Distinct(StringComparer.Ordinal));
        return list.Length == 0 ? pattern.Template : $"{list} {pattern.Template}";
    }
}
