namespace MicroWeb;

/// <summary>
/// Why the server refused a request or its body; carried by <see cref="BadHttpRequestException.Reason"/>.
/// Each reason maps to one status code.
/// </summary>
public enum RequestRejectionReason
{
    /// <summary>Rejected by the application or a component without a more specific reason.</summary>
    Unspecified,
    /// <summary>The request line is not <c>method SP target SP version</c>.</summary>
    InvalidRequestLine,
    /// <summary>The request target is malformed.</summary>
    InvalidRequestTarget,
    /// <summary>The request line exceeds <see cref="ServerOptions.MaxRequestLineSize"/> (414).</summary>
    RequestLineTooLong,
    /// <summary>An HTTP version other than 1.0 and 1.1 (505).</summary>
    UnsupportedHttpVersion,
    /// <summary>A header field line is malformed.</summary>
    InvalidHeaderLine,
    /// <summary>Whitespace between a field name and its colon (RFC 9112 §5.1).</summary>
    WhitespaceBeforeColon,
    /// <summary>A header field continued on the next line (obs-fold, RFC 9112 §5.2).</summary>
    ObsoleteLineFolding,
    /// <summary>The header section exceeds <see cref="ServerOptions.MaxRequestHeadersTotalSize"/> (431).</summary>
    HeadersTooLarge,
    /// <summary>More header fields than <see cref="ServerOptions.MaxRequestHeaderCount"/> (431).</summary>
    TooManyHeaders,
    /// <summary>An HTTP/1.1 request without Host.</summary>
    MissingHost,
    /// <summary>More than one Host field.</summary>
    MultipleHost,
    /// <summary>A Host value that is not <c>uri-host [":" port]</c>.</summary>
    InvalidHost,
    /// <summary>A Content-Length that is not a decimal number.</summary>
    InvalidContentLength,
    /// <summary>Several Content-Length fields with different values.</summary>
    ConflictingContentLength,
    /// <summary>Both Content-Length and Transfer-Encoding (a request-smuggling vector).</summary>
    ContentLengthWithTransferEncoding,
    /// <summary>Transfer-Encoding whose last coding is not chunked.</summary>
    TransferEncodingNotChunkedLast,
    /// <summary>A transfer coding other than chunked (501).</summary>
    UnsupportedTransferCoding,
    /// <summary>Transfer-Encoding in an HTTP/1.0 request.</summary>
    TransferEncodingInHttp10,
    /// <summary>The body exceeds <see cref="ServerOptions.MaxRequestBodySize"/> (413).</summary>
    BodyTooLarge,
    /// <summary>The head did not arrive within <see cref="ServerOptions.RequestHeadersTimeout"/> (408).</summary>
    RequestHeadersTimeout,
    /// <summary>An Expect value other than 100-continue (417).</summary>
    UnsupportedExpectation,
    /// <summary>The body's first bytes did not arrive within <see cref="ServerOptions.RequestBodyTimeout"/> (408).</summary>
    RequestBodyTimeout,
    /// <summary>The body arrived slower than <see cref="ServerOptions.MinRequestBodyDataRate"/> (408).</summary>
    RequestBodyTooSlow,
    /// <summary>The connection ended before the whole body arrived.</summary>
    UnexpectedEndOfRequestContent,
    /// <summary>A TLS handshake (a ClientHello record, <c>16 03 0x</c>) arrived on a plain-HTTP endpoint (400).</summary>
    TlsHandshakeOnPlainHttp,
    /// <summary>The method is longer than any registered one (more than 32 bytes), rejected before the line ends (400).</summary>
    MethodTooLong,
    /// <summary>The request target carries a <c>#fragment</c>, which RFC 9112 §3.2 does not allow (400).</summary>
    FragmentInRequestTarget,
    /// <summary>A chunk size that is missing, not hexadecimal or too large (400).</summary>
    InvalidChunkSize,
    /// <summary>A chunk size line (size and extensions) longer than 4 KiB (400).</summary>
    ChunkSizeLineTooLong,
    /// <summary>A chunk extension that does not follow RFC 9112 §7.1.1's grammar (400).</summary>
    InvalidChunkExtension,
    /// <summary>Chunk data not followed by CRLF (400).</summary>
    ChunkDataNotTerminated,
    /// <summary>A malformed trailer field line (400).</summary>
    InvalidTrailer,
    /// <summary>The trailer section exceeds its limit (431, like the header section).</summary>
    TrailersTooLarge,
    /// <summary>A line of the chunked framing ended with LF alone, not CRLF (400; a request-smuggling vector).</summary>
    BareLineFeed,
    /// <summary>A CR not followed by LF inside the chunked framing (400; a request-smuggling vector).</summary>
    BareCarriageReturn,
}
