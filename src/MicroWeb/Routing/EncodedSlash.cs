namespace MicroWeb.Routing;

/// <summary>
/// The one escape the request path keeps: <c>%2F</c> stays encoded so that it does not split a segment
/// (RFC 3986 §2.2, a reserved character's encoded form is data), and becomes '/' in a route value.
/// </summary>
internal static class EncodedSlash
{
    public static bool IsIn(ReadOnlySpan<char> raw) => raw.IndexOf("%2F", StringComparison.OrdinalIgnoreCase) >= 0;

    /// <summary>The value as a string, each <c>%2F</c> (either case) decoded to '/'.</summary>
    public static string Decode(ReadOnlySpan<char> raw) =>
        IsIn(raw) ? raw.ToString().Replace("%2F", "/", StringComparison.OrdinalIgnoreCase) : raw.ToString();
}
