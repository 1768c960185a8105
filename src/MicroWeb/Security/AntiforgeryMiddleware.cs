using System.Buffers;
using System.Buffers.Text;
using System.Security.Cryptography;

namespace MicroWeb.Security;

/// <summary>
/// Double-submit CSRF protection. The token is 32 random bytes kept, encrypted and signed, in the <c>microweb.csrf</c>
/// cookie (HttpOnly, SameSite=Strict); pages embed it in plain form. An unsafe-method form post must send it back in
/// the <c>__csrf</c> field or the <c>X-CSRF-Token</c> header, which another site can neither read nor forge.
/// </summary>
internal sealed class AntiforgeryMiddleware(DataProtector protector)
{
    public const string CookieName = "microweb.csrf";
    public const string FieldName = "__csrf";
    public const string HeaderName = "X-CSRF-Token";
    private const int TokenSize = 32;

    private readonly DataProtector _protector = protector;

    public async Task InvokeAsync(HttpContext context, RequestDelegate next)
    {
        var cookieToken = context.Request.Cookies.TryGetValue(CookieName, out var cookie)
            && _protector.Unprotect(cookie) is { Length: TokenSize } token ? token : null;
        context.Items[typeof(AntiforgeryMiddleware)] = new State(this, cookieToken);

        if (HttpMethods.IsUnsafe(context.Request.Method) && context.Request.HasFormContentType && !await IsValidAsync(context, cookieToken).ConfigureAwait(false))
        {
            context.Response.StatusCode = 400;
            context.Response.ContentType = "text/plain; charset=utf-8";
            await context.Response.WriteAsync("Missing or invalid antiforgery token.", context.RequestAborted).ConfigureAwait(false);
            return;
        }

        await next(context).ConfigureAwait(false);
    }

    /// <summary>The request's token for embedding in a page; issues one (and its cookie) when the request had none.</summary>
    public static string GetToken(HttpContext context)
    {
        if (!context.Items.TryGetValue(typeof(AntiforgeryMiddleware), out var found) || found is not State state)
        {
            throw new InvalidOperationException("The antiforgery token needs app.UseAntiforgery() earlier in the pipeline than the code that asks for it.");
        }

        if (state.Token is null)
        {
            state.Token = RandomNumberGenerator.GetBytes(TokenSize);
            context.Response.Cookies.Append(CookieName, state.Middleware._protector.Protect(state.Token), SecureCookieDefaults.For(context.Request, SameSiteMode.Strict));
        }

        return Base64Url.EncodeToString(state.Token);
    }

    private static async Task<bool> IsValidAsync(HttpContext context, byte[]? cookieToken)
    {
        if (cookieToken is null) return false;
        var submitted = context.Request.Headers[HeaderName].ToString();
        if (string.IsNullOrEmpty(submitted))
        {
            var form = await context.Request.ReadFormAsync(context.RequestAborted).ConfigureAwait(false);
            submitted = form[FieldName].ToString();
        }

        return Matches(submitted, cookieToken);
    }

    private static bool Matches(string submitted, byte[] cookieToken)
    {
        // Base64Url.TryDecodeFromChars throws FormatException on a character outside the alphabet; the
        // OperationStatus overload reports it, so a malformed token is a wrong token (400), not a 500.
        Span<byte> decoded = stackalloc byte[TokenSize];
        return submitted.Length == Base64Url.GetEncodedLength(TokenSize)
            && Base64Url.DecodeFromChars(submitted, decoded, out _, out var written) == OperationStatus.Done
            && written == TokenSize
            && CryptographicOperations.FixedTimeEquals(decoded, cookieToken);
    }

    /// <summary>Per request: the middleware and the token from the cookie, or the one issued during the request.</summary>
    private sealed class State(AntiforgeryMiddleware middleware, byte[]? token)
    {
        public AntiforgeryMiddleware Middleware { get; } = middleware;

        public byte[]? Token { get; set; } = token;
    }
}
