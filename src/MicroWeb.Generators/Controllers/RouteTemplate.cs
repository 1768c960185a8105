using System;
using System.Collections.Generic;
using System.Text;

namespace MicroWeb.Generators.Controllers;

/// <summary>One parameter of a route template, as far as compile-time checks need it.</summary>
internal sealed record RouteTemplateParameter(string Name, IReadOnlyList<string> Constraints);

/// <summary>
/// The compile-time reading of a route template: its parameters, its shape (what makes two templates match the same
/// requests) or the reason it is invalid. It mirrors the rules of the runtime's <c>RoutePattern.Parse</c> that a
/// template can break on its own; the runtime parser stays the authority and still checks at startup.
/// </summary>
internal sealed class RouteTemplate
{
    private static readonly HashSet<string> s_constraints = new(StringComparer.Ordinal)
    {
        "int", "long", "guid", "bool", "alpha", "min", "max", "range", "length", "minlength", "maxlength", "regex",
    };

    private RouteTemplate(string text, List<RouteTemplateParameter> parameters, string shape, string? error)
    {
        Text = text;
        Parameters = parameters;
        Shape = shape;
        Error = error;
    }

    public string Text { get; }

    public IReadOnlyList<RouteTemplateParameter> Parameters { get; }

    /// <summary>Literals lower-cased, parameters reduced to their kind and constraints: equal shapes are ambiguous.</summary>
    public string Shape { get; }

    /// <summary>Why the template is invalid, or null.</summary>
    public string? Error { get; }

    /// <summary>The runtime's <c>RoutePattern.Combine</c>: one '/' between prefix and template, '/' and '~/' make the template absolute.</summary>
    public static string Combine(string? prefix, string? template)
    {
        template ??= "";
        if (template.StartsWith("~/", StringComparison.Ordinal))
        {
            return "/" + Strip(template.Substring(2));
        }

        if (template.StartsWith("/", StringComparison.Ordinal))
        {
            return "/" + Strip(template);
        }

        var head = Strip(prefix ?? "");
        var tail = Strip(template);
        return head.Length == 0 ? "/" + tail : tail.Length == 0 ? "/" + head : "/" + head + "/" + tail;

        static string Strip(string part)
        {
            if (part.StartsWith("/", StringComparison.Ordinal))
            {
                part = part.Substring(1);
            }

            return part.EndsWith("/", StringComparison.Ordinal) ? part.Substring(0, part.Length - 1) : part;
        }
    }

    public static RouteTemplate Parse(string text)
    {
        var parameters = new List<RouteTemplateParameter>();
        var shape = new StringBuilder();
        var error = ParseInto(text, parameters, shape);
        return new RouteTemplate(text, parameters, shape.ToString(), error);
    }

    private static string? ParseInto(string text, List<RouteTemplateParameter> parameters, StringBuilder shape)
    {
        var body = text.StartsWith("/", StringComparison.Ordinal) ? text.Substring(1) : text;
        if (body.Length == 0)
        {
            return null;
        }

        var segments = body.Split('/');
        string? firstOptional = null;
        var names = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < segments.Length; i++)
        {
            var segment = segments[i];
            if (segment.Length == 0)
            {
                return i == segments.Length - 1 ? null : "empty segment ('//')";
            }

            shape.Append('/');
            if (!(segment.StartsWith("{", StringComparison.Ordinal) && !segment.StartsWith("{{", StringComparison.Ordinal)))
            {
                if (Unescaped(segment, '{') || Unescaped(segment, '}'))
                {
                    return $"segment '{segment}' mixes literal text and a parameter, which is not supported; put the parameter in a segment of its own";
                }

                if (segment.IndexOfAny(['?', '#']) >= 0)
                {
                    return "literal text may not contain '?' or '#', which end the path in a URL";
                }

                if (firstOptional is not null)
                {
                    return $"optional parameter '{firstOptional}' is followed by the literal segment '{segment}'; only optional parameters may follow an optional one";
                }

                shape.Append(segment.Replace("{{", "{").Replace("}}", "}").ToLowerInvariant());
                continue;
            }

            if (!segment.EndsWith("}", StringComparison.Ordinal) || segment.IndexOf('}') != segment.Length - 1)
            {
                return segment.IndexOf('}') < 0
                    ? "unbalanced '{' with no '}' after it; write '{{' for a literal '{'"
                    : $"segment '{segment}' mixes literal text and a parameter, which is not supported; put the parameter in a segment of its own";
            }

            var inner = segment.Substring(1, segment.Length - 2);
            var parameterError = ParseParameter(inner, out var parameter, out var catchAll, out var optional);
            if (parameterError is not null)
            {
                return parameterError;
            }

            if (!names.Add(parameter!.Name))
            {
                return $"parameter name '{parameter.Name}' is used twice";
            }

            if (catchAll && i != segments.Length - 1)
            {
                return $"catch-all parameter '{parameter.Name}' must be the last segment";
            }

            if (optional)
            {
                firstOptional ??= parameter.Name;
            }
            else if (firstOptional is not null && !catchAll)
            {
                return $"optional parameter '{firstOptional}' is followed by the required parameter '{parameter.Name}'; only optional parameters may follow an optional one";
            }

            parameters.Add(parameter);
            shape.Append('{').Append(catchAll ? "*" : "").Append(string.Join(":", parameter.Constraints)).Append(optional ? "?" : "").Append('}');
        }

        return null;
    }

    private static string? ParseParameter(string inner, out RouteTemplateParameter? parameter, out bool catchAll, out bool optional)
    {
        parameter = null;
        optional = false;
        catchAll = inner.StartsWith("*", StringComparison.Ordinal);
        if (inner.StartsWith("**", StringComparison.Ordinal))
        {
            return "'{**name}' is not supported; write '{*name}' for a catch-all";
        }

        if (catchAll)
        {
            inner = inner.Substring(1);
        }

        if (inner.IndexOf('{') >= 0)
        {
            return "a '{' inside a parameter must be written '{{'";
        }

        var equals = inner.IndexOf('=');
        var hasDefault = equals >= 0;
        if (hasDefault)
        {
            if (equals == inner.Length - 1)
            {
                return $"parameter '{inner.Substring(0, equals)}' has an empty default value";
            }

            inner = inner.Substring(0, equals);
        }
        else if (inner.EndsWith("?", StringComparison.Ordinal))
        {
            optional = true;
            inner = inner.Substring(0, inner.Length - 1);
        }

        var colon = inner.IndexOf(':');
        var name = colon < 0 ? inner : inner.Substring(0, colon);
        if (name.Length == 0 || !IsName(name))
        {
            return name.Length == 0 ? "a parameter has no name" : $"parameter name '{name}' may contain only letters, digits and '_'";
        }

        if (optional && catchAll)
        {
            return $"catch-all parameter '{name}' is optional already; remove the '?'";
        }

        var constraints = new List<string>();
        var rest = colon < 0 ? "" : inner.Substring(colon + 1);
        while (colon >= 0)
        {
            // A regex argument may hold ':'; everything after 'regex(' to the last ')' is its argument.
            var next = rest.StartsWith("regex(", StringComparison.Ordinal) ? -1 : rest.IndexOf(':');
            var text = next < 0 ? rest : rest.Substring(0, next);
            var open = text.IndexOf('(');
            var key = open < 0 ? text : text.Substring(0, open);
            if (key.Length == 0)
            {
                return $"parameter '{name}' has an empty or malformed constraint";
            }

            if (open >= 0 && !text.EndsWith(")", StringComparison.Ordinal))
            {
                return $"constraint '{key}' of parameter '{name}' has a '(' with no matching ')'";
            }

            if (!s_constraints.Contains(key))
            {
                return $"parameter '{name}': unknown constraint '{key}'";
            }

            constraints.Add(text);
            if (next < 0)
            {
                break;
            }

            rest = rest.Substring(next + 1);
        }

        parameter = new RouteTemplateParameter(name, constraints);
        return null;
    }

    private static bool IsName(string name)
    {
        foreach (var c in name)
        {
            if (!(char.IsLetterOrDigit(c) || c == '_'))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>True when <paramref name="c"/> occurs other than doubled (the escape for a literal brace).</summary>
    private static bool Unescaped(string segment, char c)
    {
        for (var i = 0; i < segment.Length; i++)
        {
            if (segment[i] != c)
            {
                continue;
            }

            if (i + 1 < segment.Length && segment[i + 1] == c)
            {
                i++;
                continue;
            }

            return true;
        }

        return false;
    }
}
