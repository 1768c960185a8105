using System.Net;

namespace MicroWeb;

/// <summary>The request half of an <see cref="HttpContext"/>: what the client sent.</summary>
/// <remarks>
/// The server reuses one instance for every request on a connection; do not keep a reference to it after
/// the request has completed.
/// </remarks>
public sealed class HttpRequest
{
    internal HttpRequest(HttpContext context) => HttpContext = context;

    /// <summary>The context this request belongs to.</summary>
    public HttpContext HttpContext { get; }

    /// <summary>The method, e.g. <c>GET</c>; the common ones are the interned <see cref="HttpMethods"/> strings.</summary>
    public string Method { get; internal set; } = HttpMethods.Get;

    /// <summary>
    /// The percent-decoded path with dot segments removed, always starting with <c>/</c> (or <c>*</c> for
    /// <c>OPTIONS *</c>). An encoded slash stays <c>%2F</c> so it never becomes a segment separator.
    /// </summary>
    public string Path { get; internal set; } = "/";

    /// <summary>The query string including its leading <c>?</c>, or empty; still percent-encoded.</summary>
    public string QueryString { get; internal set; } = "";

    /// <summary>The request target exactly as it appeared in the request line.</summary>
    public string RawTarget { get; internal set; } = "/";

    /// <summary><c>HTTP/1.1</c> or <c>HTTP/1.0</c>.</summary>
    public string Protocol => IsHttp11 ? "HTTP/1.1" : "HTTP/1.0";

    /// <summary>Always <c>http</c>: the server speaks plain HTTP; terminate TLS in front of it.</summary>
    public string Scheme => "http";

    /// <summary>Always false; see <see cref="Scheme"/>.</summary>
    public bool IsHttps => false;

    /// <summary>The Host header field (or the authority of an absolute-form target).</summary>
    public string Host { get; internal set; } = "";

    /// <summary>The request header fields.</summary>
    public HeaderDictionary Headers { get; } = new();

    /// <summary>The Content-Type header field, or null.</summary>
    public string? ContentType
    {
        get
        {
            var value = Headers[KnownHeaders.ContentType];
            return value.Count == 0 ? null : value[0];
        }
    }

    /// <summary>The declared body length, or null when the body is chunked or absent.</summary>
    public long? ContentLength { get; internal set; }

    /// <summary>The request body. Reading it past its end returns 0; reading a body over the size limit throws <see cref="BadHttpRequestException"/> (413).</summary>
    public Stream Body { get; internal set; } = Stream.Null;

    /// <summary>The client's address.</summary>
    public EndPoint? RemoteEndPoint { get; internal set; }

    /// <summary>The server address the request arrived on.</summary>
    public EndPoint? LocalEndPoint { get; internal set; }

    internal bool IsHttp11 { get; set; } = true;

    internal bool IsChunked { get; set; }

    /// <summary>What the client asked for; the server may still close (errors, shutdown).</summary>
    internal bool KeepAliveRequested { get; set; }

    internal bool ExpectsContinue { get; set; }

    /// <summary>True when the request has a body to read (a Content-Length above zero, or chunked).</summary>
    internal bool HasBody => IsChunked || ContentLength > 0;

    /// <summary>Clears per-request state so the connection can parse the next request into this object.</summary>
    internal void Reset()
    {
        Headers.Clear();
        ContentLength = null;
        IsChunked = false;
        ExpectsContinue = false;
        KeepAliveRequested = false;
        Host = "";
        QueryString = "";
        Body = Stream.Null;
    }
}
