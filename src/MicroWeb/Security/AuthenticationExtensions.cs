using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using MicroWeb.Configuration;
using MicroWeb.Security;
using MicroWeb.Security.Bearer;

namespace MicroWeb;

/// <summary>Cookie authentication: the middleware, signing in and out, and the current user.</summary>
public static class AuthenticationExtensions
{
    /// <summary>
    /// Adds cookie authentication: each request's authentication cookie (encrypted and signed with the app's key,
    /// see docs/security.md) becomes the <see cref="User"/> returned by <see cref="GetUser"/>; with
    /// <see cref="JwtBearerExtensions.AddJwtBearer"/>, so does a request's bearer token (docs/api.md). Add it before
    /// <c>MapControllers</c> and anything that reads the user; <see cref="AuthorizeAttribute"/> relies on it.
    /// </summary>
    /// <exception cref="ArgumentException">An option is invalid, such as <see cref="AuthenticationOptions.AbsoluteExpiration"/> shorter than <see cref="AuthenticationOptions.ExpireTimeSpan"/>.</exception>
    /// <exception cref="InvalidOperationException">The key ring is not registered, the key file is invalid, or <c>Authentication:AbsoluteExpiration</c> is.</exception>
    public static IPipelineBuilder UseAuthentication(this IPipelineBuilder builder, AuthenticationOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        options ??= new AuthenticationOptions();
        ArgumentException.ThrowIfNullOrEmpty(options.CookieName, nameof(options.CookieName));
        if (!options.LoginPath.StartsWith('/')) throw new ArgumentException($"LoginPath must be a local path starting with '/', not '{options.LoginPath}'.", nameof(options));
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(options.ExpireTimeSpan, TimeSpan.Zero, nameof(options.ExpireTimeSpan));

        var services = builder.ApplicationServices;
        var absoluteExpiration = AbsoluteExpiration(options, services.GetService<IConfiguration>());
        var protector = CookieProtection.From(services, nameof(UseAuthentication)).For("auth");
        var middleware = new AuthenticationMiddleware(options, absoluteExpiration, protector, services.GetService<TimeProvider>() ?? TimeProvider.System,
            services.GetService<JwtBearerValidator>());
        return builder.Use(next => context => middleware.InvokeAsync(context, next));
    }

    /// <summary>
    /// Signs <paramref name="userId"/> in: appends the authentication cookie (HttpOnly, SameSite=Lax, Path=/, Secure over
    /// HTTPS, expiring after <see cref="AuthenticationOptions.ExpireTimeSpan"/>) and makes them the current user of this
    /// request. The claims travel in the cookie, encrypted; keep them small and never put secrets in them.
    /// </summary>
    /// <exception cref="InvalidOperationException"><c>app.UseAuthentication()</c> did not run for this request.</exception>
    public static Task SignInAsync(this HttpContext context, string userId, IReadOnlyDictionary<string, string>? claims = null)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentException.ThrowIfNullOrEmpty(userId);
        Middleware(context, nameof(SignInAsync)).SignIn(context, userId, claims is null ? User.Anonymous.Claims : new Dictionary<string, string>(claims, StringComparer.Ordinal));
        return Task.CompletedTask;
    }

    /// <summary>Signs the user out: deletes the authentication cookie and makes this request anonymous.</summary>
    /// <exception cref="InvalidOperationException"><c>app.UseAuthentication()</c> did not run for this request.</exception>
    public static Task SignOutAsync(this HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        Middleware(context, nameof(SignOutAsync)).SignOut(context);
        return Task.CompletedTask;
    }

    /// <summary>The user this request was made by; <see cref="User.Anonymous"/> without a valid cookie or without <c>app.UseAuthentication()</c>.</summary>
    public static User GetUser(this HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return context.Items.TryGetValue(typeof(User), out var user) && user is User found ? found : User.Anonymous;
    }

    /// <summary>
    /// Answers a request an <see cref="AuthorizeAttribute"/> turned away. A refused bearer token gets 401 with
    /// <c>WWW-Authenticate: Bearer error="invalid_token"</c> and the reason (RFC 6750 §3), never a redirect: its client
    /// is a program. Otherwise 401 when the client asked for JSON and not HTML (with <c>WWW-Authenticate: Bearer</c>
    /// when bearer authentication is on, RFC 9110 §11.6.1), else a 302 to the login path with the requested path and
    /// query as <c>returnUrl</c>.
    /// </summary>
    internal static Task ChallengeAsync(HttpContext context)
    {
        var middleware = context.Items.TryGetValue(typeof(AuthenticationMiddleware), out var found) ? found as AuthenticationMiddleware : null;
        if (BearerOutcome.Of(context) is { Error: { } error })
        {
            context.Response.StatusCode = 401;
            // The descriptions are fixed ASCII text without quotes or backslashes: a valid quoted-string as they are.
            context.Response.Headers["WWW-Authenticate"] = $"Bearer error=\"invalid_token\", error_description=\"{error}\"";
            return Task.CompletedTask;
        }

        var accept = context.Request.Headers["Accept"].ToString();
        if (accept.Contains("application/json", StringComparison.OrdinalIgnoreCase) && !accept.Contains("text/html", StringComparison.OrdinalIgnoreCase))
        {
            context.Response.StatusCode = 401;
            if (middleware is { HasBearer: true }) context.Response.Headers["WWW-Authenticate"] = "Bearer";
            return Task.CompletedTask;
        }

        var loginPath = middleware?.Options.LoginPath ?? new AuthenticationOptions().LoginPath;
        var returnUrl = context.Request.Path + context.Request.QueryString;
        context.Response.Redirect(loginPath + (loginPath.Contains('?') ? '&' : '?') + "returnUrl=" + Uri.EscapeDataString(returnUrl));
        return Task.CompletedTask;
    }

    /// <summary><c>Authentication:AbsoluteExpiration</c> when configured, else the option; never shorter than a cookie's lifetime.</summary>
    private static TimeSpan AbsoluteExpiration(AuthenticationOptions options, IConfiguration? configuration)
    {
        const string Key = "Authentication:AbsoluteExpiration";
        if (configuration?[Key] is { Length: > 0 } configured)
        {
            var parsed = ConfigurationValues.ParseTimeSpan(Key, configured);
            return parsed >= options.ExpireTimeSpan
                ? parsed
                : throw ConfigurationValues.Invalid(Key, configured, $"a time span at least as long as ExpireTimeSpan ({options.ExpireTimeSpan})");
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(options.AbsoluteExpiration, options.ExpireTimeSpan, nameof(options.AbsoluteExpiration));
        return options.AbsoluteExpiration;
    }

    private static AuthenticationMiddleware Middleware(HttpContext context, string caller) =>
        context.Items.TryGetValue(typeof(AuthenticationMiddleware), out var found) && found is AuthenticationMiddleware middleware
            ? middleware
            : throw new InvalidOperationException($"{caller} needs app.UseAuthentication() earlier in the pipeline than the code that calls it.");
}
