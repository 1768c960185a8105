using System.Globalization;

namespace MicroWeb.Testing;

/// <summary>A parsed response status line and header fields, in the order received.</summary>
internal sealed class ResponseHead
{
    private ResponseHead(string statusLine, Version version, int statusCode, string reasonPhrase)
    {
        StatusLine = statusLine;
        Version = version;
        StatusCode = statusCode;
        ReasonPhrase = reasonPhrase;
    }

    public string StatusLine { get; }

    public Version Version { get; }

    public int StatusCode { get; }

    public string ReasonPhrase { get; }

    public List<KeyValuePair<string, string>> Headers { get; } = [];

    /// <summary>Parses <c>HTTP/1.1 200 OK</c> (RFC 9112 §4); the reason phrase may be empty.</summary>
    public static ResponseHead ParseStatusLine(string line)
    {
        var parts = line.Split(' ', 3);
        if (parts.Length < 2 || parts[1].Length != 3 || !int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var status))
            throw new HttpRequestException($"Invalid response status line: '{line}'.");
        var version = parts[0] switch
        {
            "HTTP/1.1" => System.Net.HttpVersion.Version11,
            "HTTP/1.0" => System.Net.HttpVersion.Version10,
            _ => throw new HttpRequestException($"Unsupported response version in '{line}'."),
        };
        return new ResponseHead(line, version, status, parts.Length == 3 ? parts[2] : "");
    }

    public void AddHeader(string line)
    {
        var colon = line.IndexOf(':');
        if (colon <= 0 || line[colon - 1] is ' ' or '\t') throw new HttpRequestException($"Invalid response header line: '{line}'.");
        Headers.Add(new(line[..colon], line[(colon + 1)..].Trim(' ', '\t')));
    }

    /// <summary>All values of a field, comma-joined; null when absent.</summary>
    public string? Get(string name)
    {
        string? joined = null;
        foreach (var (key, value) in Headers)
        {
            if (!string.Equals(key, name, StringComparison.OrdinalIgnoreCase)) continue;
            joined = joined is null ? value : joined + ", " + value;
        }
        return joined;
    }

    /// <summary>Whether a comma-separated field (<c>Connection</c>, <c>Transfer-Encoding</c>) lists <paramref name="token"/>.</summary>
    public bool HasToken(string name, string token)
    {
        var value = Get(name);
        if (value is null) return false;
        foreach (var part in value.Split(',', StringSplitOptions.TrimEntries))
        {
            if (string.Equals(part, token, StringComparison.OrdinalIgnoreCase)) return true;
        }
        return false;
    }

    /// <summary>How the body is framed (RFC 9112 §6.3).</summary>
    public BodyFraming Framing(bool headRequest)
    {
        if (headRequest || StatusCode is < 200 or 204 or 304) return new(BodyKind.None, 0);
        if (Get("Transfer-Encoding") is { } codings)
        {
            // Chunked must be the final coding; anything else is delimited by the close.
            var last = codings.Split(',', StringSplitOptions.TrimEntries)[^1];
            return string.Equals(last, "chunked", StringComparison.OrdinalIgnoreCase) ? new(BodyKind.Chunked, 0) : new(BodyKind.UntilClose, 0);
        }
        if (Get("Content-Length") is { } length)
        {
            // Repeated identical values ("5, 5") are one length.
            var values = length.Split(',', StringSplitOptions.TrimEntries);
            if (!long.TryParse(values[0], NumberStyles.None, CultureInfo.InvariantCulture, out var count) || values.Any(v => v != values[0]))
                throw new HttpRequestException($"Invalid Content-Length '{length}' in the response.");
            return new(BodyKind.Length, count);
        }
        return new(BodyKind.UntilClose, 0);
    }

    /// <summary>
    /// Whether the connection can carry another request after this response: HTTP/1.1, no
    /// <c>Connection: close</c>, and a body that does not end with the connection.
    /// </summary>
    public bool KeepsAlive(BodyFraming framing) =>
        Version == System.Net.HttpVersion.Version11 && !HasToken("Connection", "close") && framing.Kind != BodyKind.UntilClose;
}

internal enum BodyKind { None, Length, Chunked, UntilClose }

internal readonly record struct BodyFraming(BodyKind Kind, long Length);
