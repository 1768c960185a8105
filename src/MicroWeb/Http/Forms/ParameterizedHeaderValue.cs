namespace MicroWeb.Http.Forms;

/// <summary>
/// A header value of the shape <c>value; name=token; name="quoted \" string"</c>, as Content-Type
/// (RFC 9110 §8.3.1) and Content-Disposition (RFC 6266 §4.1) use it. Parameter names are
/// case-insensitive and the first occurrence of a name wins.
/// </summary>
internal sealed class ParameterizedHeaderValue
{
    private readonly List<KeyValuePair<string, string>> _parameters;

    private ParameterizedHeaderValue(string value, List<KeyValuePair<string, string>> parameters)
    {
        Value = value;
        _parameters = parameters;
    }

    /// <summary>The part before the first <c>;</c>, trimmed, e.g. <c>multipart/form-data</c>.</summary>
    public string Value { get; }

    public string? GetParameter(string name)
    {
        foreach (var parameter in _parameters)
        {
            if (string.Equals(parameter.Key, name, StringComparison.OrdinalIgnoreCase))
                return parameter.Value;
        }
        return null;
    }

    /// <summary>
    /// Parses <paramref name="input"/>; false when it is empty or a quoted string is unterminated.
    /// A parameter without <c>=</c> is ignored, as RFC 9110 has no meaning for it.
    /// </summary>
    public static bool TryParse(string? input, out ParameterizedHeaderValue result)
    {
        result = null!;
        ReadOnlySpan<char> rest = input;
        var value = HeaderGrammar.MediaType(rest);
        if (value.IsEmpty)
            return false;
        var semicolon = rest.IndexOf(';');
        rest = semicolon < 0 ? [] : rest[(semicolon + 1)..];

        var parameters = new List<KeyValuePair<string, string>>();
        while (true)
        {
            rest = rest.TrimStart(" \t;");
            if (rest.IsEmpty)
                break;

            var end = rest.IndexOfAny('=', ';');
            if (end < 0 || rest[end] == ';')
            {
                rest = end < 0 ? [] : rest[end..];
                continue;
            }
            var name = rest[..end].Trim(" \t").ToString();
            rest = rest[(end + 1)..].TrimStart(" \t");

            string parameterValue;
            if (rest.StartsWith('"'))
            {
                if (!TryReadQuotedString(ref rest, out parameterValue))
                    return false;
            }
            else
            {
                var stop = rest.IndexOf(';');
                parameterValue = (stop < 0 ? rest : rest[..stop]).TrimEnd(" \t").ToString();
                rest = stop < 0 ? [] : rest[stop..];
            }
            if (name.Length > 0)
                parameters.Add(new(name, parameterValue));
        }
        result = new ParameterizedHeaderValue(value.ToString(), parameters);
        return true;
    }

    // RFC 9110 §5.6.4: quoted-string with quoted-pair ("\x" stands for x).
    private static bool TryReadQuotedString(ref ReadOnlySpan<char> rest, out string value)
    {
        var text = new System.Text.StringBuilder();
        for (var i = 1; i < rest.Length; i++)
        {
            var c = rest[i];
            if (c == '"')
            {
                value = text.ToString();
                rest = rest[(i + 1)..];
                return true;
            }
            if (c == '\\' && i + 1 < rest.Length)
                c = rest[++i];
            text.Append(c);
        }
        value = string.Empty;
        return false;
    }
}
