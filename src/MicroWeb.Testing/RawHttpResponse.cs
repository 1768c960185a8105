using System.Text;

namespace MicroWeb.Testing;

/// <summary>One response read off a <see cref="MicroWebTestConnection"/>: its status line, header fields as sent, and decoded body.</summary>
public sealed class RawHttpResponse
{
    internal RawHttpResponse(string statusLine, int statusCode, IReadOnlyList<KeyValuePair<string, string>> headers, byte[] body, IReadOnlyList<KeyValuePair<string, string>> trailers)
    {
        StatusLine = statusLine;
        StatusCode = statusCode;
        Headers = headers;
        Body = body;
        Trailers = trailers;
    }

    /// <summary>The status line, such as <c>HTTP/1.1 200 OK</c>.</summary>
    public string StatusLine { get; }

    /// <summary>The status code.</summary>
    public int StatusCode { get; }

    /// <summary>The header fields in the order the server sent them, names as sent.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Headers { get; }

    /// <summary>The body with its framing removed: chunked bodies are de-chunked. Empty for HEAD, 1xx, 204 and 304.</summary>
    public byte[] Body { get; }

    /// <summary>The body decoded as UTF-8.</summary>
    public string BodyText => Encoding.UTF8.GetString(Body);

    /// <summary>Trailer fields after a chunked body; usually empty.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Trailers { get; }

    /// <summary>The value of a header field (case-insensitive name); repeated fields are joined with <c>", "</c>; null when absent.</summary>
    public string? GetHeader(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        string? joined = null;
        foreach (var (key, value) in Headers)
        {
            if (string.Equals(key, name, StringComparison.OrdinalIgnoreCase)) joined = joined is null ? value : joined + ", " + value;
        }
        return joined;
    }

    /// <summary>The status line, the header fields and the decoded body, as text.</summary>
    public override string ToString()
    {
        var text = new StringBuilder(StatusLine).Append("\r\n");
        foreach (var (name, value) in Headers) text.Append(name).Append(": ").Append(value).Append("\r\n");
        return text.Append("\r\n").Append(BodyText).ToString();
    }
}
