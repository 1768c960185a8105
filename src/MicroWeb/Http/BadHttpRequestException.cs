namespace MicroWeb;

/// <summary>
/// Thrown when the client sent a request the framework cannot accept (malformed framing, a bad form body,
/// a value over a configured limit, a body that arrives too slowly). The server answers with
/// <see cref="StatusCode"/> instead of 500.
/// </summary>
public sealed class BadHttpRequestException : Exception
{
    /// <summary>Creates the exception with the status code the client should receive.</summary>
    /// <param name="message">A short reason, safe to show to the client.</param>
    /// <param name="statusCode">A 4xx status code; 400 unless a more precise one applies.</param>
    public BadHttpRequestException(string message, int statusCode = 400) : base(message)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(statusCode, 400);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(statusCode, 499);
        StatusCode = statusCode;
    }

    /// <summary>The server's own rejections; their status may also be 501 or 505 (see <c>Http/Parsing/RequestRejection</c>).</summary>
    internal BadHttpRequestException(string message, int statusCode, RequestRejectionReason reason) : base(message)
    {
        StatusCode = statusCode;
        Reason = reason;
    }

    /// <summary>The 4xx status code to answer with.</summary>
    public int StatusCode { get; }

    /// <summary>
    /// A header field the answer must carry whatever else is reset for it (RFC 6455 §4.4: a 426 names the
    /// WebSocket versions the server speaks).
    /// </summary>
    internal (string Name, string Value)? ResponseHeader { get; init; }

    /// <summary>What was wrong with the request; <see cref="RequestRejectionReason.Unspecified"/> for exceptions the application throws.</summary>
    public RequestRejectionReason Reason { get; }
}
