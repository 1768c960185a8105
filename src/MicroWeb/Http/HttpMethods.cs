using System.Text;

namespace MicroWeb;

/// <summary>The standard HTTP method names, as the interned strings <see cref="HttpRequest.Method"/> uses.</summary>
public static class HttpMethods
{
    /// <summary>GET</summary>
    public const string Get = "GET";
    /// <summary>HEAD</summary>
    public const string Head = "HEAD";
    /// <summary>POST</summary>
    public const string Post = "POST";
    /// <summary>PUT</summary>
    public const string Put = "PUT";
    /// <summary>DELETE</summary>
    public const string Delete = "DELETE";
    /// <summary>PATCH</summary>
    public const string Patch = "PATCH";
    /// <summary>OPTIONS</summary>
    public const string Options = "OPTIONS";
    /// <summary>TRACE</summary>
    public const string Trace = "TRACE";
    /// <summary>CONNECT</summary>
    public const string Connect = "CONNECT";

    /// <summary>The methods routing can serve, for the <c>Allow</c> header of the server's own <c>OPTIONS *</c> answer.</summary>
    internal const string ServerAllow = "GET, HEAD, POST, PUT, DELETE, PATCH, OPTIONS";

    /// <summary>
    /// Returns the interned method string for a request-line token so the common methods never allocate.
    /// Method names are case-sensitive (RFC 9110 §9.1), so "get" is an extension method, not GET.
    /// </summary>
    internal static string FromToken(ReadOnlySpan<byte> token) => token.Length switch
    {
        3 when token.SequenceEqual("GET"u8) => Get,
        3 when token.SequenceEqual("PUT"u8) => Put,
        4 when token.SequenceEqual("POST"u8) => Post,
        4 when token.SequenceEqual("HEAD"u8) => Head,
        5 when token.SequenceEqual("PATCH"u8) => Patch,
        5 when token.SequenceEqual("TRACE"u8) => Trace,
        6 when token.SequenceEqual("DELETE"u8) => Delete,
        7 when token.SequenceEqual("OPTIONS"u8) => Options,
        7 when token.SequenceEqual("CONNECT"u8) => Connect,
        _ => Encoding.ASCII.GetString(token),
    };

    /// <summary>
    /// True for <c>HEAD</c>: the response describes the GET answer (status, headers, Content-Length) without its body.
    /// Method names are case-sensitive, so "head" is not HEAD.
    /// </summary>
    public static bool IsHead(string method) => string.Equals(method, Head, StringComparison.Ordinal);

    /// <summary>The same test on a method that is not a string yet (the route table's lookup key).</summary>
    internal static bool IsHead(ReadOnlySpan<char> method) => method.SequenceEqual(Head);

    /// <summary>True for methods that may change state on the server (RFC 9110 §9.2.1).</summary>
    public static bool IsUnsafe(string method) => method is not (Get or Head or Options or Trace);
}
