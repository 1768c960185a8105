namespace MicroWeb.Security.Bearer;

/// <summary>
/// What the bearer token of a request came to, kept in <see cref="HttpContext.Items"/>: accepted (the antiforgery check
/// is skipped) or refused with a description the challenge sends in <c>WWW-Authenticate</c> (RFC 6750 §3).
/// </summary>
internal sealed class BearerOutcome
{
    private static readonly BearerOutcome s_authenticated = new(null);

    private BearerOutcome(string? error) => Error = error;

    /// <summary>Why the token was refused; null when it was accepted.</summary>
    public string? Error { get; }

    public static void Authenticated(HttpContext context) => context.Items[typeof(BearerOutcome)] = s_authenticated;

    public static void Refused(HttpContext context, string error) => context.Items[typeof(BearerOutcome)] = new BearerOutcome(error);

    /// <summary>The outcome for this request, or null when it carried no bearer token (or bearer authentication is off).</summary>
    public static BearerOutcome? Of(HttpContext context) =>
        context.Items.TryGetValue(typeof(BearerOutcome), out var found) ? found as BearerOutcome : null;

    /// <summary>True when a valid bearer token authenticated the request.</summary>
    public static bool IsAuthenticated(HttpContext context) => Of(context) is { Error: null };

    /// <summary>
    /// The token of an <c>Authorization: Bearer</c> field (RFC 6750 §2.1; the scheme is case-insensitive, RFC 9110
    /// §11.1), or null when the request has none or uses another scheme.
    /// </summary>
    public static string? TokenOf(HttpRequest request)
    {
        var value = request.Headers["Authorization"].ToString();
        if (value.Length < 6 || !value.AsSpan(0, 6).Equals("Bearer", StringComparison.OrdinalIgnoreCase)) return null;
        if (value.Length == 6) return "";
        return value[6] == ' ' ? value[7..].Trim(' ') : null;
    }
}
