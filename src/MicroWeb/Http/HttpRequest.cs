using System.Net;
using MicroWeb.Http.Cookies;
using MicroWeb.Http.Forms;
using MicroWeb.Http.Parsing;

namespace MicroWeb;

/// <summary>The request half of an <see cref="HttpContext"/>: what the client sent.</summary>
/// <remarks>
/// The server reuses one instance for every request on a connection; do not keep a reference to it after
/// the request has completed.
/// </remarks>
public sealed class HttpRequest
{
    private QueryCollection? _query;
    private IReadOnlyDictionary<string, string>? _cookies;
    private Task<FormCollection>? _form;
    private EndPoint? _connectionRemoteEndPoint;

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

    /// <summary>
    /// The path the application is mounted under, without a trailing <c>/</c>, or empty: set from
    /// <c>Server:PathBase</c> (which takes it off <see cref="Path"/>) and from a trusted proxy's <c>X-Forwarded-Prefix</c>
    /// (see <c>UseForwardedHeaders</c>). <see cref="Path"/> is the rest, so routes match below it; local redirects put it back.
    /// </summary>
    public string PathBase { get; internal set; } = "";

    /// <summary>The query string including its leading <c>?</c>, or empty; still percent-encoded.</summary>
    public string QueryString { get; internal set; } = "";

    /// <summary>The query string parsed into (multi-valued, case-insensitive) parameters; parsed on first use.</summary>
    public QueryCollection Query => _query ??= QueryString.Length == 0 ? QueryCollection.Empty : QueryCollection.Parse(QueryString);

    /// <summary>The request's cookies by name (as sent, not URL-decoded); parsed on first use.</summary>
    public IReadOnlyDictionary<string, string> Cookies => _cookies ??= RequestCookieParser.Parse(Headers[KnownHeaders.Cookie]);

    /// <summary>True when the Content-Type is application/x-www-form-urlencoded or multipart/form-data.</summary>
    public bool HasFormContentType => FormReader.IsFormContentType(ContentType);

    /// <summary>
    /// Reads the body as a form (urlencoded or multipart, with files), once; later calls return the same
    /// form. Limits come from the <see cref="FormOptions"/> registered in DI (resolved when the app starts), or the defaults. Uploaded
    /// files are deleted when the request ends.
    /// </summary>
    /// <exception cref="BadHttpRequestException">The body is not a valid form (400), exceeds a limit (413) or is not a form type (415).</exception>
    public Task<FormCollection> ReadFormAsync(CancellationToken cancellationToken = default)
    {
        if (_form is not null) return _form;
        return _form = FormReader.ReadAsync(Body, ContentType, HttpContext.Application.FormOptions, cancellationToken);
    }

    /// <summary>The request target exactly as it appeared in the request line.</summary>
    public string RawTarget { get; internal set; } = "/";

    /// <summary><c>HTTP/1.1</c> or <c>HTTP/1.0</c>.</summary>
    public string Protocol => IsHttp11 ? "HTTP/1.1" : "HTTP/1.0";

    /// <summary>
    /// <c>https</c> when the request arrived over TLS on an <c>https://</c> address, otherwise <c>http</c> (the scheme
    /// is the connection's, RFC 9112 §3.2); behind a TLS-terminating proxy, <c>https</c> when a trusted proxy said so
    /// (see <c>UseForwardedHeaders</c>).
    /// </summary>
    public string Scheme { get; internal set; } = "http";

    /// <summary>True when <see cref="Scheme"/> is <c>https</c>.</summary>
    public bool IsHttps => string.Equals(Scheme, "https", StringComparison.Ordinal);

    /// <summary>The connection's own scheme (<c>https</c> over TLS), which every request on it starts from.</summary>
    internal string ConnectionScheme { get; set; } = "http";

    /// <summary>The Host header field (or the authority of an absolute-form target), or the host a trusted proxy forwarded.</summary>
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

    /// <summary>The client's address: the connection's peer, or the client a trusted proxy named (see <c>UseForwardedHeaders</c>).</summary>
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

    /// <summary>Deletes the uploaded files of a form read during this request.</summary>
    internal void DisposeForm()
    {
        if (_form is { IsCompletedSuccessfully: true } form) form.Result.Dispose();
        _form = null;
    }

    /// <summary>Replaces <see cref="RemoteEndPoint"/> for this request only; <see cref="Reset"/> puts the connection's peer back.</summary>
    internal void SetForwardedRemoteEndPoint(EndPoint client)
    {
        _connectionRemoteEndPoint ??= RemoteEndPoint;
        RemoteEndPoint = client;
    }

    /// <summary>Clears per-request state so the connection can parse the next request into this object.</summary>
    internal void Reset()
    {
        _query = null;
        _cookies = null;
        DisposeForm();
        Headers.Clear();
        ContentLength = null;
        IsChunked = false;
        ExpectsContinue = false;
        KeepAliveRequested = false;
        Host = "";
        QueryString = "";
        PathBase = "";
        Scheme = ConnectionScheme;
        if (_connectionRemoteEndPoint is not null)
        {
            RemoteEndPoint = _connectionRemoteEndPoint;
            _connectionRemoteEndPoint = null;
        }
        Body = Stream.Null;
    }
}
