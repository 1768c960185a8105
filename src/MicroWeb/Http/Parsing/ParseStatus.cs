namespace MicroWeb.Http.Parsing;

/// <summary>The outcome of feeding bytes to the request parser: it never does I/O, it only says what it needs.</summary>
internal enum ParseStatus
{
    /// <summary>The head is not complete yet; read more bytes and call again with the whole buffer.</summary>
    NeedMoreData,
    /// <summary>The request head was parsed into the request object.</summary>
    Complete,
    /// <summary>The request is invalid; answer with the reason's status code and close the connection.</summary>
    Rejected,
}
