using System.Text;

namespace MicroWeb.Routing;

/// <summary>
/// A parsed route template. Parsing happens once at startup and throws
/// <see cref="InvalidOperationException"/> naming the template and the problem, so a bad template stops
/// the app instead of silently never matching.
/// </summary>
/// <remarks>
/// Grammar, per '/'-separated segment: literal text (<c>{{</c> and <c>}}</c> stand for braces), or exactly
/// one parameter <c>{name(:constraint(args)?)*(?|=default)?}</c> or <c>{*name(:constraint)*(=default)?}</c>.
/// A segment mixing literal text and a parameter (<c>file{name}.{ext}</c>) is rejected. One leading and one
/// trailing '/' are ignored, as they are in request paths.
/// </remarks>
internal sealed class RoutePattern
{
    private readonly RouteSegment[] _segments;
    private readonly RouteParameter[] _parameters;

    private RoutePattern(string template, RouteSegment[] segments)
    {
        Template = template;
        _segments = segments;
        _parameters = [.. segments.Where(s => s.Parameter is not null).Select(s => s.Parameter!)];
        ParameterNames = [.. _parameters.Select(p => p.Name)];
        ParameterSegments = [.. segments.Select((s, i) => (s, i)).Where(x => x.s.Parameter is not null).Select(x => x.i)];
        Path = "/" + string.Join('/', segments.Select(s => s.Literal ?? "{" + s.Parameter!.Name + "}"));
    }

    /// <summary>The template as written; shown in errors.</summary>
    public string Template { get; }

    public IReadOnlyList<RouteSegment> Segments => _segments;

    /// <summary>The parameters in template order; a parameter's position here is its index in <see cref="RouteValues"/>.</summary>
    public IReadOnlyList<RouteParameter> Parameters => _parameters;

    /// <summary>The parameter names in template order, shared by every <see cref="RouteValues"/> this route yields.</summary>
    public string[] ParameterNames { get; }

    /// <summary>For each parameter, the index of its segment.</summary>
    public int[] ParameterSegments { get; }

    /// <summary>True when the template has no parameters: it matches exactly one normalised path.</summary>
    public bool IsLiteral => _parameters.Length == 0;

    /// <summary>The normalised path: '/' + segments joined by '/', without a trailing '/'; for a literal template, the one path it matches.</summary>
    public string Path { get; }

    /// <summary>
    /// The index of parameter <paramref name="name"/> (case-insensitive) for <c>RouteValues.GetValue</c>, or -1
    /// when the template has no such parameter. Meant to be called once at startup per bound parameter.
    /// </summary>
    public int GetParameterIndex(string name) =>
        Array.FindIndex(ParameterNames, n => string.Equals(n, name, StringComparison.OrdinalIgnoreCase));

    /// <summary>
    /// Joins a controller's <see cref="RouteAttribute"/> prefix and an action template with exactly one '/'
    /// between them: <c>("api", "users")</c> and <c>("/api/", "users")</c> both give <c>/api/users</c>. An action
    /// template starting with '/' or '~/' is absolute, as in ASP.NET Core: <c>("/admin", "/login")</c> gives
    /// <c>/login</c>, so one controller can answer URLs outside its prefix.
    /// </summary>
    public static string Combine(string? prefix, string? template)
    {
        ReadOnlySpan<char> action = template;
        if (action.StartsWith("~/", StringComparison.Ordinal))
        {
            return "/" + StripSlashes(template![2..]);
        }

        if (action.StartsWith('/'))
        {
            return "/" + StripSlashes(template);
        }

        var head = StripSlashes(prefix);
        var tail = StripSlashes(template);
        return head.Length == 0 ? "/" + tail
            : tail.Length == 0 ? "/" + head
            : "/" + head + "/" + tail;

        static string StripSlashes(string? part)
        {
            ReadOnlySpan<char> span = part;
            if (span.StartsWith('/'))
            {
                span = span[1..];
            }

            if (span.EndsWith('/'))
            {
                span = span[..^1];
            }

            return span.ToString();
        }
    }

    /// <summary>Parses <paramref name="template"/>.</summary>
    /// <param name="template">The route template.</param>
    /// <param name="owner">Who declared the template (<c>UsersController.Get</c>), named in the error; optional.</param>
    /// <exception cref="InvalidOperationException">The template is invalid; the message names it and the problem.</exception>
    public static RoutePattern Parse(string template, string? owner = null)
    {
        ArgumentNullException.ThrowIfNull(template);
        return new Parser(template, owner).Parse();
    }

    private sealed class Parser(string template, string? owner)
    {
        public RoutePattern Parse()
        {
            ReadOnlySpan<char> body = template;
            if (body.StartsWith('/'))
            {
                body = body[1..];
            }

            // "//" keeps its second slash so that it is reported as an empty segment, not read as "/".
            if (body.Length > 1 && body.EndsWith('/'))
            {
                body = body[..^1];
            }

            var segments = new List<RouteSegment>();
            var i = 0;
            while (body.Length > 0)
            {
                var start = i;
                var literal = new StringBuilder();
                RouteParameter? parameter = null;
                while (i < body.Length && body[i] != '/')
                {
                    var c = body[i];
                    if (c == '{' && i + 1 < body.Length && body[i + 1] == '{')
                    {
                        literal.Append('{');
                        i += 2;
                    }
                    else if (c == '{')
                    {
                        if (parameter is not null)
                        {
                            throw ComplexSegment(body, start);
                        }

                        parameter = ParseParameter(ReadParameterText(body, ref i));
                    }
                    else if (c == '}' && i + 1 < body.Length && body[i + 1] == '}')
                    {
                        literal.Append('}');
                        i += 2;
                    }
                    else if (c == '}')
                    {
                        throw Fail("unbalanced '}' with no '{' before it; write '}}' for a literal '}'");
                    }
                    else if (c is '?' or '#')
                    {
                        throw Fail($"literal text may not contain '{c}', which ends the path in a URL");
                    }
                    else
                    {
                        literal.Append(c);
                        i++;
                    }
                }

                if (parameter is not null && literal.Length > 0)
                {
                    throw ComplexSegment(body, start);
                }

                if (parameter is null && literal.Length == 0)
                {
                    throw Fail("empty segment ('//')");
                }

                segments.Add(parameter is null ? RouteSegment.ForLiteral(literal.ToString()) : RouteSegment.ForParameter(parameter));
                if (i == body.Length)
                {
                    break;
                }

                i++;
                if (i == body.Length)
                {
                    throw Fail("empty segment ('//')");
                }
            }

            Validate(segments);
            return new RoutePattern(template, [.. segments]);
        }

        private void Validate(List<RouteSegment> segments)
        {
            var names = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
            string? firstOptional = null;
            for (var i = 0; i < segments.Count; i++)
            {
                var parameter = segments[i].Parameter;
                if (parameter is null)
                {
                    if (firstOptional is not null)
                    {
                        throw Fail($"optional parameter '{firstOptional}' is followed by the literal segment '{segments[i].Literal}'; only optional parameters may follow an optional one");
                    }

                    continue;
                }

                if (!names.Add(parameter.Name))
                {
                    throw Fail($"parameter name '{parameter.Name}' is used twice");
                }

                if (parameter.IsCatchAll && i != segments.Count - 1)
                {
                    throw Fail($"catch-all parameter '{parameter.Name}' must be the last segment");
                }

                if (!parameter.IsOptional && firstOptional is not null)
                {
                    throw Fail($"optional parameter '{firstOptional}' is followed by the required parameter '{parameter.Name}'; only optional parameters may follow an optional one");
                }

                if (parameter.IsOptional)
                {
                    firstOptional ??= parameter.Name;
                }
            }
        }

        /// <summary>Reads from the '{' at <paramref name="i"/> to its closing '}', unescaping '{{' and '}}' (as a regex needs).</summary>
        private string ReadParameterText(ReadOnlySpan<char> body, ref int i)
        {
            var text = new StringBuilder();
            var j = i + 1;
            while (true)
            {
                if (j >= body.Length)
                {
                    throw Fail("unbalanced '{' with no '}' after it; write '{{' for a literal '{'");
                }

                var c = body[j];
                if ((c == '}' || c == '{') && j + 1 < body.Length && body[j + 1] == c)
                {
                    text.Append(c);
                    j += 2;
                }
                else if (c == '}')
                {
                    i = j + 1;
                    return text.ToString();
                }
                else if (c == '{')
                {
                    throw Fail("a '{' inside a parameter must be written '{{'");
                }
                else
                {
                    text.Append(c);
                    j++;
                }
            }
        }

        private RouteParameter ParseParameter(string text)
        {
            ReadOnlySpan<char> rest = text;
            if (rest.StartsWith("**"))
            {
                throw Fail("'{**name}' is not supported; write '{*name}' for a catch-all");
            }

            var isCatchAll = rest.StartsWith('*');
            if (isCatchAll)
            {
                rest = rest[1..];
            }

            var nameEnd = rest.IndexOfAny(':', '=', '?');
            var name = (nameEnd < 0 ? rest : rest[..nameEnd]).ToString();
            if (!IsIdentifier(name))
            {
                throw Fail(name.Length == 0
                    ? $"parameter '{{{text}}}' has no name"
                    : $"parameter name '{name}' is invalid; use letters, digits and '_', not starting with a digit");
            }

            rest = rest[name.Length..];
            var constraints = new List<RouteConstraint>();
            while (rest.StartsWith(':'))
            {
                rest = rest[1..];
                var nameLength = CountLetters(rest);
                if (nameLength == 0)
                {
                    throw Fail($"parameter '{name}' has an empty or malformed constraint");
                }

                var constraintName = rest[..nameLength].ToString();
                rest = rest[nameLength..];
                string? argument = null;
                if (rest.StartsWith('('))
                {
                    var close = FindClosingParenthesis(rest);
                    if (close < 0)
                    {
                        throw Fail($"constraint '{constraintName}' of parameter '{name}' has a '(' with no matching ')'");
                    }

                    argument = rest[1..close].ToString();
                    rest = rest[(close + 1)..];
                }

                var constraint = RouteConstraint.Create(constraintName, argument, out var problem)
                    ?? throw Fail($"parameter '{name}': {problem}");
                constraints.Add(constraint);
                if (!rest.IsEmpty && rest[0] is not (':' or '=' or '?'))
                {
                    throw Fail($"unexpected '{rest}' after constraint '{constraintName}' of parameter '{name}'");
                }
            }

            var isOptional = isCatchAll;
            string? defaultValue = null;
            if (rest.StartsWith('='))
            {
                defaultValue = rest[1..].ToString();
                if (defaultValue.Length == 0)
                {
                    throw Fail($"parameter '{name}' has an empty default value");
                }

                if (defaultValue.EndsWith('?'))
                {
                    throw Fail($"parameter '{name}' cannot be both optional ('?') and have a default value; a default already makes it optional");
                }

                isOptional = true;
            }
            else if (rest.StartsWith('?'))
            {
                if (isCatchAll)
                {
                    throw Fail($"catch-all parameter '{name}' is optional already; remove the '?'");
                }

                if (rest.Length > 1)
                {
                    throw Fail($"'?' must be the last character of parameter '{name}'");
                }

                isOptional = true;
            }

            var parameter = new RouteParameter(name, [.. constraints], isOptional, defaultValue, isCatchAll);
            if (defaultValue is not null && !parameter.Match(defaultValue))
            {
                throw Fail($"default value '{defaultValue}' of parameter '{name}' does not satisfy its constraints");
            }

            return parameter;
        }

        private static int CountLetters(ReadOnlySpan<char> span)
        {
            var n = 0;
            while (n < span.Length && char.IsAsciiLetter(span[n]))
            {
                n++;
            }

            return n;
        }

        /// <summary>
        /// The index of the ')' closing the '(' at 0, counting nested parentheses so a regex argument may
        /// contain groups; '\'-escaped characters and characters inside '[…]' classes are not counted.
        /// </summary>
        private static int FindClosingParenthesis(ReadOnlySpan<char> span)
        {
            var depth = 0;
            var inClass = false;
            for (var i = 0; i < span.Length; i++)
            {
                var c = span[i];
                if (c == '\\')
                {
                    i++;
                }
                else if (inClass)
                {
                    inClass = c != ']';
                }
                else if (c == '[')
                {
                    inClass = true;
                }
                else if (c == '(')
                {
                    depth++;
                }
                else if (c == ')' && --depth == 0)
                {
                    return i;
                }
            }

            return -1;
        }

        private static bool IsIdentifier(string name) =>
            name.Length > 0
            && (char.IsAsciiLetter(name[0]) || name[0] == '_')
            && name.AsSpan().IndexOfAnyExcept(IdentifierChars) < 0;

        private static readonly System.Buffers.SearchValues<char> IdentifierChars =
            System.Buffers.SearchValues.Create("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_");

        private InvalidOperationException ComplexSegment(ReadOnlySpan<char> body, int start)
        {
            var end = body[start..].IndexOf('/');
            var segment = (end < 0 ? body[start..] : body.Slice(start, end)).ToString();
            return Fail($"segment '{segment}' mixes literal text and parameters; complex segments are not supported, put each parameter in a segment of its own");
        }

        private InvalidOperationException Fail(string problem) =>
            new(owner is null
                ? $"Invalid route template '{template}': {problem}."
                : $"Invalid route template '{template}' on {owner}: {problem}.");
    }
}
