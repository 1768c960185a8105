namespace MicroWeb.Routing;

/// <summary>A parameter of a route template: <c>{name:constraint…?}</c>, <c>{name=default}</c> or <c>{*name}</c>.</summary>
internal sealed class RouteParameter
{
    public RouteParameter(string name, RouteConstraint[] constraints, bool isOptional, string? defaultValue, bool isCatchAll)
    {
        Name = name;
        Constraints = constraints;
        IsOptional = isOptional;
        Default = defaultValue;
        IsCatchAll = isCatchAll;
        ConstraintKey = string.Join(':', constraints.Select(c => c.Text));
    }

    public string Name { get; }

    /// <summary>Tested in template order; all must pass.</summary>
    public RouteConstraint[] Constraints { get; }

    /// <summary>The path may leave the segment out: <c>{page?}</c>, <c>{page=1}</c> and every catch-all.</summary>
    public bool IsOptional { get; }

    /// <summary>The value when the path leaves the segment out; checked against the constraints at startup.</summary>
    public string? Default { get; }

    /// <summary><c>{*path}</c>: the rest of the path, slashes included; always the last segment.</summary>
    public bool IsCatchAll { get; }

    /// <summary>The constraints in canonical form joined by ':'; parameters with equal keys test the same thing.</summary>
    public string ConstraintKey { get; }

    public bool Match(ReadOnlySpan<char> value)
    {
        foreach (var constraint in Constraints)
        {
            if (!constraint.Match(value))
            {
                return false;
            }
        }

        return true;
    }
}
