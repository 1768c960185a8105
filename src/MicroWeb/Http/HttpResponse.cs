using System.Buffers;
using System.Text;
using MicroWeb.Http;
using MicroWeb.Http.Parsing;
using MicroWeb.Http.Query;

namespace MicroWeb;

/// <summary>The response half of an <see cref="HttpContext"/>: status, headers and body.</summary>
/// <remarks>
/// Body bytes are held back (up to <see cref="ServerOptions.ResponseBufferSize"/>) until the handler
/// finishes, so most responses go out with a Content-Length in a single write. Larger bodies, or an explicit
/// <see cref="StartAsync"/>, send the headers first and stream the rest (chunked on HTTP/1.1 unless
/// <see cref="ContentLength"/> is set). Headers and status can no longer change once
/// <see cref="HasStarted"/> is true.
/// </remarks>
public sealed class HttpResponse
{
    private readonly HttpResponseOutput _serverOutput;
    private HttpResponseOutput _output;
    private int _statusCode = 200;
    private long? _contentLength;

    internal HttpResponse(HttpContext context, HttpResponseOutput output)
    {
        HttpContext = context;
        _serverOutput = output;
        _output = output;
        Body = new HttpResponseBody(this);
        Cookies = new ResponseCookies(Headers);
    }

    /// <summary>The context this response belongs to.</summary>
    public HttpContext HttpContext { get; }

    /// <summary>The status code, 200 unless set. Must be set before the response starts.</summary>
    public int StatusCode
    {
        get => _statusCode;
        set
        {
            ThrowIfStarted();
            ArgumentOutOfRangeException.ThrowIfLessThan(value, 200);
            ArgumentOutOfRangeException.ThrowIfGreaterThan(value, 999);
            _statusCode = value;
        }
    }

    /// <summary>The response header fields. The server owns framing: Content-Length comes from <see cref="ContentLength"/>, Transfer-Encoding is never taken from here.</summary>
    public HeaderDictionary Headers { get; } = new();

    /// <summary>Sets and deletes cookies (each adds a <c>Set-Cookie</c> header field).</summary>
    public ResponseCookies Cookies { get; }

    /// <summary>The Content-Type header field.</summary>
    public string? ContentType
    {
        get
        {
            var value = Headers[KnownHeaders.ContentType];
            return value.Count == 0 ? null : value[0];
        }
        set => Headers[KnownHeaders.ContentType] = value;
    }

    /// <summary>
    /// The body length to announce. Optional: a response that fits the buffer gets an exact Content-Length
    /// anyway. Writing more bytes than announced throws; writing fewer aborts the connection.
    /// </summary>
    public long? ContentLength
    {
        get => _contentLength;
        set
        {
            ThrowIfStarted();
            if (value < 0) throw new ArgumentOutOfRangeException(nameof(value), "Content-Length cannot be negative.");
            _contentLength = value;
        }
    }

    /// <summary>The body stream; writes go to the client (buffered as described on the class).</summary>
    public Stream Body { get; }

    /// <summary>True once the status line and headers have been sent.</summary>
    public bool HasStarted => _output.HasStarted;

    /// <summary>Sends the status line and headers now; the body then streams.</summary>
    public Task StartAsync(CancellationToken cancellationToken = default) => _output.StartAsync(cancellationToken);

    /// <summary>Writes bytes to the body.</summary>
    public ValueTask WriteAsync(ReadOnlyMemory<byte> data, CancellationToken cancellationToken = default) =>
        _output.WriteAsync(data, cancellationToken);

    /// <summary>Writes text to the body as UTF-8.</summary>
    public ValueTask WriteAsync(string text, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (!HasStarted && Encoding.UTF8.GetMaxByteCount(text.Length) <= 1024)
        {
            // Buffered before the response starts: a synchronous copy, nothing to await.
            Span<byte> buffer = stackalloc byte[1024];
            var length = Encoding.UTF8.GetBytes(text, buffer);
            _output.Write(buffer[..length]);
            return ValueTask.CompletedTask;
        }
        return WriteLargeAsync(text, cancellationToken);
    }

    private async ValueTask WriteLargeAsync(string text, CancellationToken cancellationToken)
    {
        var rented = ArrayPool<byte>.Shared.Rent(Encoding.UTF8.GetMaxByteCount(text.Length));
        try
        {
            var length = Encoding.UTF8.GetBytes(text, rented);
            await _output.WriteAsync(rented.AsMemory(0, length), cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(rented);
        }
    }

    /// <summary>
    /// Answers with a redirect to <paramref name="location"/> (302, or 301 when permanent). Characters a URL may not
    /// hold (non-ASCII, spaces, controls) are percent-encoded as UTF-8, so a URL taken from the request can be sent.
    /// A local path (one <c>/</c>, then not <c>/</c> or <c>\</c>) is relative to the application, so
    /// <see cref="HttpRequest.PathBase"/> goes in front of it.
    /// </summary>
    public void Redirect(string location, bool permanent = false)
    {
        ArgumentException.ThrowIfNullOrEmpty(location);
        StatusCode = permanent ? 301 : 302;
        var pathBase = HttpContext.Request.PathBase;
        if (pathBase.Length > 0 && IsLocalPath(location)) location = string.Concat(pathBase, location);
        Headers["Location"] = UrlEncoder.EncodeUriReference(location);
    }

    // "//host" and "/\host" are other hosts to a browser, not paths on this one.
    private static bool IsLocalPath(string location) => location[0] == '/' && (location.Length == 1 || location[1] is not ('/' or '\\'));

    /// <summary>
    /// Where body bytes go now. Middleware that transforms the body (response compression) swaps in a wrapper
    /// around the previous output for the rest of the pipeline and restores it afterwards; every write path
    /// (<see cref="Body"/>, <see cref="WriteAsync(ReadOnlyMemory{byte}, CancellationToken)"/>, <see cref="HasStarted"/>) follows the swap.
    /// </summary>
    internal HttpResponseOutput Output
    {
        get => _output;
        set => _output = value;
    }

    /// <summary>Body bytes written so far, as counted by the current <see cref="Output"/>.</summary>
    internal long BytesWritten => _output.BytesWritten;

    /// <summary>Clears status, headers and any buffered body so an error response can replace them.</summary>
    /// <summary>The server switched protocols (RFC 9110 §15.2.2); the public setter takes final statuses only.</summary>
    internal void SetSwitchingProtocols() => _statusCode = 101;

    internal void ResetForError()
    {
        _statusCode = 200;
        _contentLength = null;
        Headers.Clear();
        _output.DiscardBuffered();
    }

    internal void Reset()
    {
        _output = _serverOutput;
        _statusCode = 200;
        _contentLength = null;
        Headers.Clear();
    }

    private void ThrowIfStarted()
    {
        if (HasStarted) throw new InvalidOperationException("The response has already started; status and headers can no longer change.");
    }
}
