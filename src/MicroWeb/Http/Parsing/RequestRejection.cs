namespace MicroWeb.Http.Parsing;

/// <summary>What the server answers for each <see cref="RequestRejectionReason"/>: its status code and message.</summary>
internal static class RequestRejection
{
    public static int StatusCode(RequestRejectionReason reason) => reason switch
    {
        RequestRejectionReason.RequestLineTooLong => 414,
        RequestRejectionReason.UnsupportedHttpVersion => 505,
        RequestRejectionReason.HeadersTooLarge or RequestRejectionReason.TooManyHeaders or RequestRejectionReason.TrailersTooLarge => 431,
        RequestRejectionReason.UnsupportedTransferCoding => 501,
        RequestRejectionReason.BodyTooLarge => 413,
        RequestRejectionReason.RequestHeadersTimeout or RequestRejectionReason.RequestBodyTimeout or RequestRejectionReason.RequestBodyTooSlow => 408,
        RequestRejectionReason.UnsupportedExpectation => 417,
        _ => 400,
    };

    public static string Message(RequestRejectionReason reason) => reason switch
    {
        RequestRejectionReason.InvalidRequestLine => "Malformed request line.",
        RequestRejectionReason.InvalidRequestTarget => "Malformed request target.",
        RequestRejectionReason.RequestLineTooLong => "Request line too long.",
        RequestRejectionReason.UnsupportedHttpVersion => "HTTP version not supported.",
        RequestRejectionReason.InvalidHeaderLine => "Malformed header field.",
        RequestRejectionReason.WhitespaceBeforeColon => "Whitespace between header field name and colon.",
        RequestRejectionReason.ObsoleteLineFolding => "Obsolete line folding in header field.",
        RequestRejectionReason.HeadersTooLarge => "Request header fields too large.",
        RequestRejectionReason.TooManyHeaders => "Too many request header fields.",
        RequestRejectionReason.MissingHost => "HTTP/1.1 request without a Host header field.",
        RequestRejectionReason.MultipleHost => "More than one Host header field.",
        RequestRejectionReason.InvalidHost => "Malformed Host header field.",
        RequestRejectionReason.InvalidContentLength => "Malformed Content-Length.",
        RequestRejectionReason.ConflictingContentLength => "Conflicting Content-Length values.",
        RequestRejectionReason.ContentLengthWithTransferEncoding => "Both Content-Length and Transfer-Encoding.",
        RequestRejectionReason.TransferEncodingNotChunkedLast => "Transfer-Encoding must end with chunked.",
        RequestRejectionReason.UnsupportedTransferCoding => "Transfer coding not implemented.",
        RequestRejectionReason.TransferEncodingInHttp10 => "Transfer-Encoding in an HTTP/1.0 request.",
        RequestRejectionReason.BodyTooLarge => "Request body too large.",
        RequestRejectionReason.RequestHeadersTimeout => "Request headers not received in time.",
        RequestRejectionReason.UnsupportedExpectation => "Expectation not supported.",
        RequestRejectionReason.RequestBodyTimeout => "Request body not received in time.",
        RequestRejectionReason.RequestBodyTooSlow => "Request body arrived too slowly.",
        RequestRejectionReason.UnexpectedEndOfRequestContent => "Unexpected end of request content.",
        RequestRejectionReason.TlsHandshakeOnPlainHttp => "TLS handshake received on a plain-HTTP endpoint; use http://, not https://.",
        RequestRejectionReason.MethodTooLong => "Request method too long.",
        RequestRejectionReason.FragmentInRequestTarget => "Fragment in request target.",
        RequestRejectionReason.InvalidChunkSize => "Malformed chunk size.",
        RequestRejectionReason.ChunkSizeLineTooLong => "Chunk size line too long.",
        RequestRejectionReason.InvalidChunkExtension => "Malformed chunk extension.",
        RequestRejectionReason.ChunkDataNotTerminated => "Chunk data not followed by CRLF.",
        RequestRejectionReason.InvalidTrailer => "Malformed trailer field.",
        RequestRejectionReason.TrailersTooLarge => "Request trailer fields too large.",
        RequestRejectionReason.BareLineFeed => "Bare LF in chunked framing.",
        RequestRejectionReason.BareCarriageReturn => "Bare CR in chunked framing.",
        _ => "Bad request.",
    };

    /// <summary>The exception an application's body read fails with.</summary>
    public static BadHttpRequestException Exception(RequestRejectionReason reason) =>
        new(Message(reason), StatusCode(reason), reason);
}
