using System.Text;
using Microsoft.Extensions.Primitives;
using MicroWeb.Http;

namespace MicroWeb.Middleware.ForwardedHeaders;

/// <summary>
/// Parses the RFC 7239 §4 <c>Forwarded</c> field: <c>1#forwarded-element</c>, each element
/// <c>[ forwarded-pair ] *( ";" [ forwarded-pair ] )</c>, each pair <c>token "=" ( token / quoted-string )</c>.
/// Parameter names are case-insensitive (§4); <c>by</c> and extension parameters are skipped.
/// </summary>
internal static class ForwardedHeaderParser
{
    /// <summary>The elements in the order they appear (the nearest proxy's last), or null when the field is malformed.</summary>
    public static List<ForwardedElement>? Parse(StringValues values)
    {
        var elements = new List<ForwardedElement>();
        foreach (var value in values)
        {
            if (value is null || !ParseLine(value, elements)) return null;
        }
        return elements;
    }

    private static bool ParseLine(string line, List<ForwardedElement> elements)
    {
        var text = line.AsSpan();
        var i = 0;
        string? forValue = null, proto = null, host = null;
        var hasPair = false;
        while (true)
        {
            i = SkipWhitespace(text, i);
            if (i == text.Length || text[i] == ',')
            {
                // RFC 9110 §5.6.1: empty list elements are allowed and mean nothing.
                if (hasPair) elements.Add(new ForwardedElement(forValue, proto, host));
                if (i == text.Length) return true;
                forValue = proto = host = null;
                hasPair = false;
                i++;
                continue;
            }
            if (text[i] == ';')
            {
                i++;
                continue;
            }

            var nameEnd = text[i..].IndexOfAny("=;, \t\"");
            if (nameEnd <= 0 || i + nameEnd == text.Length || text[i + nameEnd] != '=') return false;
            var name = text.Slice(i, nameEnd);
            if (!HeaderGrammar.IsToken(name)) return false;
            i += nameEnd + 1;
            if (!TryReadValue(text, ref i, out var value)) return false;
            hasPair = true;

            // RFC 7239 §4: a parameter MUST NOT occur more than once in an element.
            if (name.Equals("for", StringComparison.OrdinalIgnoreCase))
            {
                if (forValue is not null) return false;
                forValue = value;
            }
            else if (name.Equals("proto", StringComparison.OrdinalIgnoreCase))
            {
                if (proto is not null) return false;
                proto = value;
            }
            else if (name.Equals("host", StringComparison.OrdinalIgnoreCase))
            {
                if (host is not null) return false;
                host = value;
            }

            i = SkipWhitespace(text, i);
            if (i < text.Length && text[i] is not (';' or ',')) return false;
        }
    }

    private static bool TryReadValue(ReadOnlySpan<char> text, ref int i, out string value)
    {
        value = "";
        if (i < text.Length && text[i] == '"') return TryReadQuoted(text, ref i, out value);
        var end = text[i..].IndexOfAny(";, \t");
        var token = end < 0 ? text[i..] : text.Slice(i, end);
        if (!HeaderGrammar.IsToken(token)) return false;
        value = token.ToString();
        i += token.Length;
        return true;
    }

    // RFC 9110 §5.6.4: quoted-string = DQUOTE *( qdtext / quoted-pair ) DQUOTE; quoted-pair = "\" ( HTAB / SP / VCHAR / obs-text ).
    private static bool TryReadQuoted(ReadOnlySpan<char> text, ref int i, out string value)
    {
        value = "";
        StringBuilder? unescaped = null;
        var start = ++i;
        for (; i < text.Length; i++)
        {
            var c = text[i];
            if (c == '"')
            {
                value = unescaped is null ? text[start..i].ToString() : unescaped.ToString();
                i++;
                return true;
            }
            if (c == '\\')
            {
                if (++i == text.Length || !IsQuotedText(text[i])) return false;
                unescaped ??= new StringBuilder().Append(text[start..(i - 1)]);
                unescaped.Append(text[i]);
                continue;
            }
            if (!IsQuotedText(c)) return false;
            unescaped?.Append(c);
        }
        return false;
    }

    private static bool IsQuotedText(char c) => c is '\t' or (>= ' ' and <= '~') or (>= (char)0x80 and <= (char)0xFF);

    private static int SkipWhitespace(ReadOnlySpan<char> text, int i)
    {
        while (i < text.Length && text[i] is ' ' or '\t') i++;
        return i;
    }
}
