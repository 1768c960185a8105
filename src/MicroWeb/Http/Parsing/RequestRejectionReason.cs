namespace MicroWeb;

/// <summary>Why the server refused a request before it reached the application; each maps to one status code.</summary>
internal enum RequestRejectionReason
{
    InvalidRequestLine,
    InvalidRequestTarget,
    RequestLineTooLong,
    UnsupportedHttpVersion,
    InvalidHeaderLine,
    WhitespaceBeforeColon,
    ObsoleteLineFolding,
    HeadersTooLarge,
    TooManyHeaders,
    MissingHost,
    MultipleHost,
    InvalidHost,
    InvalidContentLength,
    ConflictingContentLength,
    ContentLengthWithTransferEncoding,
    TransferEncodingNotChunkedLast,
    UnsupportedTransferCoding,
    TransferEncodingInHttp10,
    BodyTooLarge,
    RequestHeadersTimeout,
    UnsupportedExpectation,
}

internal static class RequestRejection
{
    public static int StatusCode(RequestRejectionReason reason) => reason switch
    {
        RequestRejectionReason.RequestLineTooLong => 414,
        RequestRejectionReason.UnsupportedHttpVersion => 505,
        RequestRejectionReason.HeadersTooLarge or RequestRejectionReason.TooManyHeaders => 431,
        RequestRejectionReason.UnsupportedTransferCoding => 501,
        RequestRejectionReason.BodyTooLarge => 413,
        RequestRejectionReason.RequestHeadersTimeout => 408,
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
        _ => "Bad request.",
    };
}
