namespace MicroWeb.Middleware.Diagnostics;

/// <summary>The representations an error response can take, chosen from the request's Accept field.</summary>
internal enum ErrorFormat
{
    /// <summary><c>text/plain</c>: <c>404 Not Found</c>, for curl and clients that say nothing.</summary>
    Text,

    /// <summary><c>text/html</c>: a small page, for browsers.</summary>
    Html,

    /// <summary><c>application/problem+json</c> (RFC 9457), for API clients.</summary>
    ProblemJson,
}
