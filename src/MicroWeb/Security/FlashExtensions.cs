using System.Text;
using MicroWeb.Security;

namespace MicroWeb;

/// <summary>One-time messages that survive a redirect ("Message posted."), in a short-lived encrypted cookie.</summary>
public static class FlashExtensions
{
    private const string CookieName = "microweb.flash";
    private const string Purpose = "flash";
    private static readonly TimeSpan s_lifetime = TimeSpan.FromMinutes(5);

    /// <summary>Stores <paramref name="message"/> for the next request (typically the one the redirect leads to), for at most five minutes.</summary>
    public static void SetFlash(this HttpContext context, string message)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(message);
        var protector = CookieProtection.From(context.ApplicationServices, nameof(SetFlash)).For(Purpose);
        context.Response.Cookies.Append(CookieName, protector.Protect(Encoding.UTF8.GetBytes(message)), SecureCookieDefaults.For(context.Request, maxAge: s_lifetime));
    }

    /// <summary>The message the previous response stored, once: the cookie is deleted, so later requests get null. Null when there is none or it was altered.</summary>
    public static string? TakeFlash(this HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (context.Items.ContainsKey(typeof(FlashExtensions)) || !context.Request.Cookies.TryGetValue(CookieName, out var cookie)) return null;
        context.Items[typeof(FlashExtensions)] = null;
        context.Response.Cookies.Delete(CookieName, SecureCookieDefaults.For(context.Request));
        var payload = CookieProtection.From(context.ApplicationServices, nameof(TakeFlash)).For(Purpose).Unprotect(cookie);
        return payload is null ? null : Encoding.UTF8.GetString(payload);
    }
}
