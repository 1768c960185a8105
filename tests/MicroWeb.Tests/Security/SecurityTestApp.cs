using System.Net;
using System.Security.Cryptography;
using MicroWeb.Security;
using MicroWeb.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace MicroWeb.Tests.Security;

/// <summary>A clock the test moves by hand.</summary>
public sealed class ManualClock : TimeProvider
{
    /// <summary>Starts at the real time, so cookies it dates are not already expired for the client's cookie jar.</summary>
    public DateTimeOffset Now { get; set; } = DateTimeOffset.UtcNow;

    public override DateTimeOffset GetUtcNow() => Now;
}

/// <summary>Every action needs a signed-in user.</summary>
[Authorize]
public sealed class SecretController : Controller
{
    [HttpGet("/secret")]
    public IResult Show() => Text($"secret for {User.UserId}");
}

/// <summary>Only one action needs a signed-in user.</summary>
public sealed class MixedController : Controller
{
    [HttpGet("/public")]
    public IResult Public() => Text("public");

    [Authorize]
    [HttpGet("/private")]
    public IResult Private() => Text("private");
}

/// <summary>A server with authentication, antiforgery and flash endpoints, and clients that keep its cookies.</summary>
internal sealed class SecurityTestApp : IAsyncDisposable
{
    private SecurityTestApp(TestServer server, CookieContainer cookies)
    {
        Server = server;
        Cookies = cookies;
        Client = new HttpClient(new HttpClientHandler { UseCookies = true, CookieContainer = cookies, AllowAutoRedirect = false })
        {
            BaseAddress = server.BaseAddress,
        };
    }

    public TestServer Server { get; }

    public CookieContainer Cookies { get; }

    /// <summary>Keeps cookies like a browser, follows no redirects.</summary>
    public HttpClient Client { get; }

    /// <summary>Starts the app; <paramref name="args"/> replace the default settings (a random <c>Security:Key</c>).</summary>
    public static async Task<SecurityTestApp> StartAsync(AuthenticationOptions? options = null, TimeProvider? clock = null, string[]? args = null)
    {
        var server = await TestServer.StartAsync(
            handler: null,
            configurePipeline: app =>
            {
                app.UseAuthentication(options);
                app.UseAntiforgery();
                app.MapGet("/signin/{id}", async (HttpContext context, string id) =>
                {
                    await context.SignInAsync(id, new Dictionary<string, string> { ["role"] = "admin", ["name"] = "Ada Lovelace" });
                    return "signed in";
                });
                app.MapGet("/signout", async (HttpContext context) =>
                {
                    await context.SignOutAsync();
                    return "signed out";
                });
                app.MapGet("/me", (HttpContext context) => context.GetUser() is { IsAuthenticated: true } user
                    ? $"{user.UserId} role={user.Claims["role"]} name={user.Claims["name"]}"
                    : "anonymous");
                app.MapGet("/lambda-secret", [Authorize] () => "lambda secret");
                app.MapGet("/form", (HttpContext context) => context.AntiforgeryField());
                app.MapPost("/form", () => "posted");
                app.MapPost("/api", () => "api");
                app.MapGet("/flash/set", (HttpContext context) =>
                {
                    context.SetFlash("Message posted.");
                    return "set";
                });
                app.MapGet("/flash", (HttpContext context) => context.TakeFlash() ?? "(none)");
                app.MapControllers(typeof(SecretController), typeof(MixedController));
            },
            configureServices: services =>
            {
                if (clock is not null) services.AddSingleton(clock);
            },
            args: args ?? ["--Security:Key", NewKey()]);
        return new SecurityTestApp(server, new CookieContainer());
    }

    /// <summary>Base64 of 32 random bytes: a value for <c>Security:Key</c> or <c>Security:Keys:N</c>.</summary>
    public static string NewKey() => Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));

    /// <summary>The app's protector for the authentication cookie, to forge tickets only someone with the key could make.</summary>
    public DataProtector AuthProtector => Server.App.Services.GetRequiredService<CookieProtection>().For("auth");

    public Cookie? Cookie(string name) => Cookies.GetCookies(Server.BaseAddress)[name];

    /// <summary>GETs <paramref name="path"/> from a client without a cookie jar or redirects, sending only <c>microweb.auth=<paramref name="authCookie"/></c>.</summary>
    public async Task<HttpResponseMessage> GetWithAuthCookieAsync(string authCookie, string path = "/me")
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Add("Cookie", "microweb.auth=" + authCookie);
        using var plain = new HttpClient(new HttpClientHandler { UseCookies = false, AllowAutoRedirect = false }) { BaseAddress = Server.BaseAddress };
        return await plain.SendAsync(request);
    }

    public async Task<string> GetStringAsync(string path) => await Client.GetStringAsync(path);

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await Server.DisposeAsync();
    }
}
