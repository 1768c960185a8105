using System.Text;
using MicroWeb.Routing;

namespace MicroWeb.Fuzz;

/// <summary>
/// <see cref="RoutePattern.Parse"/> over arbitrary templates. Contract: an invalid template throws
/// <see cref="InvalidOperationException"/> (naming it) and nothing else; a parsed one has a normalised path starting
/// with '/', one name per parameter, and constraints that accept each parameter's default and never throw.
/// </summary>
public static class RoutePatternTarget
{
    private static readonly string[] Values = ["", "1", "-1", "abc", "9223372036854775808", "00000000-0000-0000-0000-000000000000", "true", "a/b"];

    public static void Run(byte[] input)
    {
        RoutePattern pattern;
        try
        {
            pattern = RoutePattern.Parse(Encoding.UTF8.GetString(input), "Fuzz.Action");
        }
        catch (InvalidOperationException)
        {
            return; // The documented rejection: startup stops with the template and the problem named.
        }

        if (!pattern.Path.StartsWith('/')) throw new FuzzInvariantException($"path '{pattern.Path}' does not start with '/'");
        if (pattern.ParameterNames.Length != pattern.Parameters.Count) throw new FuzzInvariantException("ParameterNames and Parameters disagree");
        if (pattern.IsLiteral != (pattern.Parameters.Count == 0)) throw new FuzzInvariantException("IsLiteral disagrees with the parameters");
        foreach (var parameter in pattern.Parameters)
        {
            if (pattern.GetParameterIndex(parameter.Name) < 0) throw new FuzzInvariantException($"parameter '{parameter.Name}' has no index");
            if (parameter.Default is { } value && !parameter.Match(value)) throw new FuzzInvariantException($"parameter '{parameter.Name}' rejects its own default '{value}'");
            foreach (var candidate in Values) parameter.Match(candidate);
        }
    }
}
