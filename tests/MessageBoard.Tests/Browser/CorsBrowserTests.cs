using MicroWeb;
using OpenQA.Selenium;

namespace MessageBoard.Tests.Browser;

/// <summary>
/// CORS from a real Chromium page: a page on one origin calls an API on another (two servers on 127.0.0.1, so two
/// ports, two origins). The allowed page reads a simple GET and a preflighted, credentialed PUT with a custom header;
/// a page on a third origin is blocked by the browser.
/// </summary>
[Parallelizable(ParallelScope.None)]
public sealed class CorsBrowserTests
{
    private const string Script = """
        window.callApi = async function (api) {
          const out = {};
          const get = await fetch(api + 'api/greeting');
          out.get = await get.text();
          out.total = get.headers.get('X-Total');
          await fetch(api + 'api/login', { credentials: 'include' });
          const put = await fetch(api + 'api/items/7', { method: 'PUT', credentials: 'include', headers: { 'X-Custom': 'custom-value' }, body: 'x' });
          out.put = await put.text();
          out.echo = put.headers.get('X-Echo');
          document.getElementById('result').textContent = out.get + ' | ' + out.put;
          return out;
        };
        window.tryApi = async function (url, init) {
          try { return 'read: ' + await (await fetch(url, init)).text(); } catch (e) { return 'blocked: ' + e.name; }
        };
        """;

    private const string Page = """<!doctype html><title>page</title><p id="result">waiting</p><script src="/app.js"></script>""";

    [Test]
    public async Task An_allowed_origin_reads_a_simple_get_and_a_preflighted_credentialed_put_and_another_origin_is_blocked()
    {
        using var browser = HeadlessChromium.Desktop(1024, 768);
        browser.Driver.Manage().Timeouts().AsynchronousJavaScript = TimeSpan.FromSeconds(10);
        await using var allowedPage = await StartPageAsync();
        await using var otherPage = await StartPageAsync();
        var counts = new Counts();
        await using var api = await StartApiAsync(allowedPage.Origin, counts);
        var apiBase = api.BaseAddress.ToString();

        browser.Open(allowedPage.BaseAddress);
        var result = (IDictionary<string, object>)browser.Driver.ExecuteAsyncScript(
            "const done = arguments[arguments.length - 1]; callApi(arguments[0]).then(done, e => done({ error: String(e) }));", apiBase)!;

        Assert.That(result.ContainsKey("error"), Is.False, () => $"the page's fetches failed: {result["error"]}");
        Assert.That(result["get"], Is.EqualTo("hello"));
        Assert.That(result["total"], Is.EqualTo("3"), "an exposed header is readable");
        Assert.That(result["put"], Is.EqualTo("put 7 custom=custom-value cookie=abc"), "the custom header and the cookie reached the API");
        Assert.That(result["echo"], Is.EqualTo("yes"));
        Assert.That(browser.Find("#result").Text, Is.EqualTo("hello | put 7 custom=custom-value cookie=abc"));
        Assert.That(counts.Preflights, Is.EqualTo(1), "the PUT with a custom header was preflighted");

        browser.Open(otherPage.BaseAddress);
        var simple = TryApi(browser, apiBase + "api/greeting", "{}");
        var put = TryApi(browser, apiBase + "api/items/7", "{ method: 'PUT', credentials: 'include', headers: { 'X-Custom': 'v' } }");

        Assert.That(simple, Is.EqualTo("blocked: TypeError"));
        Assert.That(counts.Greetings, Is.EqualTo(2), "the simple request still reached the API; only the browser kept the answer from the page");
        Assert.That(put, Is.EqualTo("blocked: TypeError"));
        Assert.That(counts.Puts, Is.EqualTo(1), "the refused preflight kept the PUT from being sent");
    }

    private static string TryApi(HeadlessChromium browser, string url, string init) =>
        (string)browser.Driver.ExecuteAsyncScript(
            $"const done = arguments[arguments.length - 1]; tryApi(arguments[0], {init}).then(done);", url)!;

    private static Task<TestSite> StartPageAsync() => TestSite.StartAsync(app =>
    {
        TestSite.Page(app, "/", Page);
        app.MapGet("/app.js", (HttpContext context) =>
        {
            context.Response.ContentType = "text/javascript; charset=utf-8";
            return context.Response.WriteAsync(Script).AsTask();
        });
    });

    private static Task<TestSite> StartApiAsync(string pageOrigin, Counts counts) => TestSite.StartAsync(
        app =>
        {
            app.Use(next => context =>
            {
                if (context.Request.Method == "OPTIONS" && context.Request.Headers.ContainsKey("Access-Control-Request-Method")) Interlocked.Increment(ref counts.Preflights);
                return next(context);
            });
            app.UseCors("pages");
            app.MapGet("/api/greeting", (HttpContext context) =>
            {
                Interlocked.Increment(ref counts.Greetings);
                context.Response.Headers["X-Total"] = "3";
                return "hello";
            });
            app.MapGet("/api/login", [EnableCors("credentialed")] (HttpContext context) =>
            {
                context.Response.Headers["Set-Cookie"] = "sid=abc; Path=/; SameSite=Lax";
                return "signed in";
            });
            app.MapPut("/api/items/{id}", [EnableCors("credentialed")] (HttpContext context, int id) =>
            {
                Interlocked.Increment(ref counts.Puts);
                context.Response.Headers["X-Echo"] = "yes";
                return $"put {id} custom={context.Request.Headers["X-Custom"]} cookie={context.Request.Cookies.GetValueOrDefault("sid")}";
            });
        },
        services => services.AddCors(o => o
            .AddPolicy("pages", p => p.WithOrigins(pageOrigin).WithExposedHeaders("X-Total"))
            .AddPolicy("credentialed", p => p.WithOrigins(pageOrigin).WithMethods("PUT").WithHeaders("X-Custom").WithExposedHeaders("X-Echo").AllowCredentials())));

    private sealed class Counts
    {
        public int Preflights;
        public int Greetings;
        public int Puts;
    }
}
