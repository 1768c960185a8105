using System.Buffers;
using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using MicroWeb.Http;
using MicroWeb.Routing;
using MicroWeb.Security.Bearer;

namespace MicroWeb.Security;

/// <summary>
/// CSRF protection with a per-browser secret and per-user tokens. The secret is 32 random bytes kept, encrypted and
/// signed, in the <c>microweb.csrf</c> cookie (HttpOnly, SameSite=Strict); the token a page embeds is
/// HMAC-SHA256(secret, user id), so it is valid only for that browser <em>and</em> that signed-in user: a token from
/// another browser, or from before a sign-in or after a sign-out, is refused. Signing in or out also replaces the
/// secret (<see cref="Rotate"/>), so a secret planted before login (cookie tossing from a sibling domain) is worthless.
/// </summary>
/// <remarks>
/// An unsafe request (RFC 9110 §9.2.1) must send the token in the <c>X-CSRF-Token</c> header or the <c>__csrf</c> form
/// field, whatever its body, with one exception: a JSON body (<c>application/json</c>, <c>*/*+json</c>). Browsers send
/// that content type cross-site only after a CORS preflight (Fetch, "CORS-safelisted request-header"), which a site
/// without a CORS policy for the attacker's origin refuses. The header is checked first, so a request with a wrong
/// header or without the cookie is refused before its body is read.
/// </remarks>
internal sealed class AntiforgeryMiddleware(DataProtector protector, EndpointMetadataLookup? endpoints)
{
    public const string CookieName = "microweb.csrf";
    public const string FieldName = "__csrf";
    public const string HeaderName = "X-CSRF-Token";
    private const int SecretSize = 32;
    private const int TokenSize = 32;

    // Domain separation: the HMAC keyed with the secret is used for nothing else.
    private static readonly byte[] s_purpose = "microweb.csrf.v2\0"u8.ToArray();

    private readonly DataProtector _protector = protector;

    public async Task InvokeAsync(HttpContext context, RequestDelegate next)
    {
        var secret = context.Request.Cookies.TryGetValue(CookieName, out var cookie)
            && _protector.Unprotect(cookie) is { Length: SecretSize } found ? found : null;
        context.Items[typeof(AntiforgeryMiddleware)] = new State(this, secret);

        if (RequiresToken(context) && !IsExempt(context.Request) && !await IsValidAsync(context, secret).ConfigureAwait(false))
        {
            context.Response.StatusCode = 400;
            context.Response.ContentType = "text/plain; charset=utf-8";
            await context.Response.WriteAsync("Missing or invalid antiforgery token.", context.RequestAborted).ConfigureAwait(false);
            return;
        }

        await next(context).ConfigureAwait(false);
    }

    /// <summary>The token for the request's browser and current user, for embedding in a page; issues the browser's secret (and its cookie) when it had none.</summary>
    public static string GetToken(HttpContext context)
    {
        var state = StateOf(context);
        if (state.Secret is null) state.Issue(context);
        Span<byte> token = stackalloc byte[TokenSize];
        Derive(state.Secret!, context.GetUser().UserId, token);
        return Base64Url.EncodeToString(token);
    }

    /// <summary>
    /// Replaces the browser's secret, when the antiforgery middleware ran for the request: called on sign-in and
    /// sign-out, so tokens issued before are refused and a secret an attacker planted or read is of no use.
    /// </summary>
    public static void Rotate(HttpContext context)
    {
        if (context.Items.TryGetValue(typeof(AntiforgeryMiddleware), out var found) && found is State state) state.Issue(context);
    }

    /// <summary>
    /// True for an unsafe method whose body is not JSON and which no bearer token authenticated: the requests a page on
    /// another site can make a browser send. A browser never attaches a bearer token by itself (it is not ambient like
    /// a cookie), so a request it authenticates was made by a client holding the token, not forged.
    /// </summary>
    internal static bool RequiresToken(HttpContext context) =>
        HttpMethods.IsUnsafe(context.Request.Method) && !IsJson(context.Request.ContentType) && !BearerOutcome.IsAuthenticated(context);

    /// <summary><c>application/json</c> or a <c>+json</c> suffix type (RFC 6839), parameters ignored; anything unparsable is not JSON.</summary>
    internal static bool IsJson(string? contentType)
    {
        if (string.IsNullOrEmpty(contentType)) return false;
        var mediaType = contentType.AsSpan();
        var semicolon = mediaType.IndexOf(';');
        if (semicolon >= 0) mediaType = mediaType[..semicolon];
        mediaType = mediaType.Trim(" \t");
        var slash = mediaType.IndexOf('/');
        if (slash <= 0 || !HeaderGrammar.IsToken(mediaType[..slash]) || !HeaderGrammar.IsToken(mediaType[(slash + 1)..])) return false;
        return mediaType.Equals("application/json", StringComparison.OrdinalIgnoreCase)
            || mediaType.EndsWith("+json", StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>The request will reach an endpoint marked <see cref="IgnoreAntiforgeryTokenAttribute"/>.</summary>
    private bool IsExempt(HttpRequest request)
    {
        if (endpoints?.For(request) is not { } metadata) return false;
        foreach (var item in metadata)
        {
            if (item is IgnoreAntiforgeryTokenAttribute) return true;
        }

        return false;
    }

    private static async Task<bool> IsValidAsync(HttpContext context, byte[]? secret)
    {
        if (secret is null) return false;
        var submitted = context.Request.Headers[HeaderName].ToString();
        if (submitted.Length == 0 && context.Request.HasFormContentType)
        {
            var form = await context.Request.ReadFormAsync(context.RequestAborted).ConfigureAwait(false);
            submitted = form[FieldName].ToString();
        }

        return Matches(submitted, secret, context.GetUser().UserId);
    }

    private static bool Matches(string submitted, byte[] secret, string? userId)
    {
        // Base64Url.TryDecodeFromChars throws FormatException on a character outside the alphabet; the
        // OperationStatus overload reports it, so a malformed token is a wrong token (400), not a 500.
        Span<byte> decoded = stackalloc byte[TokenSize];
        if (submitted.Length != Base64Url.GetEncodedLength(TokenSize)
            || Base64Url.DecodeFromChars(submitted, decoded, out _, out var written) != OperationStatus.Done
            || written != TokenSize)
            return false;
        Span<byte> expected = stackalloc byte[TokenSize];
        Derive(secret, userId, expected);
        return CryptographicOperations.FixedTimeEquals(decoded, expected);
    }

    /// <summary>HMAC-SHA256(secret, purpose ‖ UTF-8 user id); the anonymous user is the empty id.</summary>
    private static void Derive(byte[] secret, string? userId, Span<byte> token)
    {
        var id = userId ?? "";
        var length = s_purpose.Length + Encoding.UTF8.GetByteCount(id);
        var rented = length <= 256 ? null : ArrayPool<byte>.Shared.Rent(length);
        var message = rented is null ? stackalloc byte[length] : rented.AsSpan(0, length);
        s_purpose.CopyTo(message);
        Encoding.UTF8.GetBytes(id, message[s_purpose.Length..]);
        HMACSHA256.HashData(secret, message, token);
        if (rented is not null) ArrayPool<byte>.Shared.Return(rented);
    }

    private static State StateOf(HttpContext context) =>
        context.Items.TryGetValue(typeof(AntiforgeryMiddleware), out var found) && found is State state
            ? state
            : throw new InvalidOperationException("The antiforgery token needs app.UseAntiforgery() earlier in the pipeline than the code that asks for it.");

    /// <summary>Per request: the middleware and the browser's secret, from the cookie or issued during the request.</summary>
    private sealed class State(AntiforgeryMiddleware middleware, byte[]? secret)
    {
        public byte[]? Secret { get; private set; } = secret;

        public void Issue(HttpContext context)
        {
            Secret = RandomNumberGenerator.GetBytes(SecretSize);
            context.Response.Cookies.Append(CookieName, middleware._protector.Protect(Secret), SecureCookieDefaults.For(context.Request, SameSiteMode.Strict));
        }
    }
}
