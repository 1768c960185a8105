using System.Globalization;
using System.Text.RegularExpressions;

namespace MicroWeb.Routing;

/// <summary>
/// A test a route parameter's value must pass for the route to match (<c>{id:int}</c>). Constraints are
/// built once at startup and tested on spans of the path, so a passing test allocates nothing.
/// </summary>
internal abstract class RouteConstraint
{
    /// <summary>How long a <c>regex(…)</c> constraint may run on one value; the value is attacker-chosen.</summary>
    internal static readonly TimeSpan RegexTimeout = TimeSpan.FromMilliseconds(100);

    private RouteConstraint(string text)
    {
        Text = text;
        var open = text.IndexOf('(');
        Name = open < 0 ? text : text[..open];
    }

    /// <summary>The constraint as written in canonical form (<c>range(1,9)</c>); equal texts are the same test.</summary>
    public string Text { get; }

    /// <summary>The constraint's lower-case name without its argument (<c>range</c>), for checks keyed by kind.</summary>
    public string Name { get; }

    /// <summary>Whether the (already %2F-decoded) value passes.</summary>
    public abstract bool Match(ReadOnlySpan<char> value);

    /// <summary>Builds the named constraint.</summary>
    /// <param name="name">The constraint name, case-insensitive.</param>
    /// <param name="argument">The text between the parentheses, or <see langword="null"/> when there were none.</param>
    /// <param name="problem">Why the constraint cannot be built, phrased to follow "parameter 'x': ".</param>
    /// <returns>The constraint, or <see langword="null"/> with <paramref name="problem"/> set when the name or argument is invalid.</returns>
    public static RouteConstraint? Create(string name, string? argument, out string? problem)
    {
        problem = null;
        var key = name.ToLowerInvariant();
        switch (key)
        {
            case "int":
            case "long":
            case "guid":
            case "bool":
            case "alpha":
                if (argument is not null)
                {
                    problem = $"constraint '{key}' takes no argument";
                    return null;
                }

                return key switch
                {
                    "int" => new Simple(key, static v => int.TryParse(v, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out _)),
                    "long" => new Simple(key, static v => long.TryParse(v, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out _)),
                    "guid" => new Simple(key, static v => Guid.TryParse(v, out _)),
                    "bool" => new Simple(key, static v => bool.TryParse(v, out _)),
                    _ => new Simple(key, static v => !v.IsEmpty && !v.ContainsAnyExcept(AsciiLetters)),
                };
            case "min":
            case "max":
                if (!TryParseNumbers(argument, 1, out var bound))
                {
                    problem = $"constraint '{key}' needs one integer argument, as in {key}(1)";
                    return null;
                }

                return key == "min"
                    ? new Range($"min({bound[0]})", bound[0], long.MaxValue)
                    : new Range($"max({bound[0]})", long.MinValue, bound[0]);
            case "range":
                if (!TryParseNumbers(argument, 2, out var range) || range[0] > range[1])
                {
                    problem = "constraint 'range' needs two integer arguments, the first not above the second, as in range(1,9)";
                    return null;
                }

                return new Range($"range({range[0]},{range[1]})", range[0], range[1]);
            case "length":
                if (TryParseNumbers(argument, 1, out var exact) && exact[0] >= 0)
                {
                    return new Length($"length({exact[0]})", exact[0], exact[0]);
                }

                if (TryParseNumbers(argument, 2, out var between) && between[0] >= 0 && between[0] <= between[1])
                {
                    return new Length($"length({between[0]},{between[1]})", between[0], between[1]);
                }

                problem = "constraint 'length' needs one or two non-negative integer arguments, as in length(3) or length(3,20)";
                return null;
            case "minlength":
            case "maxlength":
                if (!TryParseNumbers(argument, 1, out var limit) || limit[0] < 0)
                {
                    problem = $"constraint '{key}' needs one non-negative integer argument, as in {key}(2)";
                    return null;
                }

                return key == "minlength"
                    ? new Length($"minlength({limit[0]})", limit[0], long.MaxValue)
                    : new Length($"maxlength({limit[0]})", 0, limit[0]);
            case "regex":
                if (string.IsNullOrEmpty(argument))
                {
                    problem = "constraint 'regex' needs a pattern, as in regex(^\\d{{3}}$)";
                    return null;
                }

                try
                {
                    return new Pattern(
                        $"regex({argument})",
                        new Regex(argument, RegexOptions.CultureInvariant | RegexOptions.IgnoreCase, RegexTimeout));
                }
                catch (ArgumentException e)
                {
                    problem = $"constraint 'regex' has an invalid pattern '{argument}' ({e.Message})";
                    return null;
                }

            default:
                problem = $"unknown constraint '{name}' (known: int, long, guid, bool, alpha, min, max, range, length, minlength, maxlength, regex)";
                return null;
        }
    }

    private static readonly System.Buffers.SearchValues<char> AsciiLetters =
        System.Buffers.SearchValues.Create("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ");

    private static bool TryParseNumbers(string? argument, int count, out long[] numbers)
    {
        numbers = new long[count];
        if (argument is null)
        {
            return false;
        }

        ReadOnlySpan<char> rest = argument;
        for (var i = 0; i < count; i++)
        {
            var comma = rest.IndexOf(',');
            var last = i == count - 1;
            if (last != (comma < 0))
            {
                return false;
            }

            var part = last ? rest : rest[..comma];
            if (!long.TryParse(part, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out numbers[i]))
            {
                return false;
            }

            rest = last ? default : rest[(comma + 1)..];
        }

        return true;
    }

    private delegate bool SpanTest(ReadOnlySpan<char> value);

    private sealed class Simple(string text, SpanTest test) : RouteConstraint(text)
    {
        public override bool Match(ReadOnlySpan<char> value) => test(value);
    }

    /// <summary>min, max and range: the value must be an integer (64-bit) within [min, max].</summary>
    private sealed class Range(string text, long min, long max) : RouteConstraint(text)
    {
        public override bool Match(ReadOnlySpan<char> value) =>
            long.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var number)
            && number >= min && number <= max;
    }

    /// <summary>length, minlength and maxlength, counted in UTF-16 code units of the decoded value.</summary>
    private sealed class Length(string text, long min, long max) : RouteConstraint(text)
    {
        public override bool Match(ReadOnlySpan<char> value) => value.Length >= min && value.Length <= max;
    }

    private sealed class Pattern(string text, Regex regex) : RouteConstraint(text)
    {
        public override bool Match(ReadOnlySpan<char> value)
        {
            try
            {
                return regex.IsMatch(value);
            }
            catch (RegexMatchTimeoutException)
            {
                // A value that makes the pattern backtrack past the timeout is a client-chosen input:
                // answering "no match" (404) keeps it from turning into a 500 or tying up a thread.
                return false;
            }
        }
    }
}
