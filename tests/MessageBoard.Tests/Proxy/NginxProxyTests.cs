using System.Collections.Concurrent;
using System.Net;
using MicroWeb;
using Microsoft.Extensions.Logging;

namespace MessageBoard.Tests.Proxy;

/// <summary>
/// The message board behind a real nginx that terminates TLS and sets X-Forwarded-For/Proto/Host (and -Prefix for a mount
/// at /board/), as docs/proxies.md shows. The client connects from 127.0.0.2, so the address nginx forwards differs
/// from nginx's own (127.0.0.1) and the request log shows which one the board believed.
/// </summary>
[Category("Nginx")]
public class NginxProxyTests
{
    private static readonly IPAddress s_clientAddress = IPAddress.Parse("127.0.0.2");

    private const string Locations = """
        location / {
                    proxy_pass {upstream};
                    proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
                    proxy_set_header X-Forwarded-Proto $scheme;
                    proxy_set_header X-Forwarded-Host $http_host;
                }
                location /board/ {
                    proxy_pass {upstream}/;
                    proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
                    proxy_set_header X-Forwarded-Proto $scheme;
                    proxy_set_header X-Forwarded-Host $http_host;
                    proxy_set_header X-Forwarded-Prefix /board;
                }
        """;

    private sealed class LogLines : ILoggerProvider
    {
        public ConcurrentQueue<string> Requests { get; } = new();

        public ILogger CreateLogger(string categoryName) => new Logger(categoryName == "MicroWeb.RequestLogging" ? Requests : null);

        public void Dispose() { }

        private sealed class Logger(ConcurrentQueue<string>? lines) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

            public bool IsEnabled(LogLevel logLevel) => lines is not null;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
                lines?.Enqueue(formatter(state, exception));
        }
    }

    private static Task<BoardApp> StartBoardAsync(LogLines logs, params string[] args) =>
        BoardApp.StartAsync(builder => builder.Logging.AddProvider(logs), args);

    /// <summary>The request log line of the one request to <paramref name="path"/> (the log is written when the response ends).</summary>
    private static string LogLineFor(LogLines logs, string path) => logs.Requests.Single(line => line.StartsWith("GET " + path + " ", StringComparison.Ordinal));

    private static async Task<HttpResponseMessage> RegisterAsync(HttpClient client, string prefix, string name)
    {
        string page = await client.GetStringAsync(prefix + "/register");
        Assert.That(page, Does.Contain($"action=\"{prefix}/register\""));
        return await client.PostAsync(prefix + "/register", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["username"] = name,
            ["password"] = "correct horse",
            ["__csrf"] = BoardApp.Csrf(page),
        }));
    }

    [Test]
    public async Task Over_nginx_https_the_login_cookie_is_secure_and_the_log_shows_the_client()
    {
        var logs = new LogLines();
        await using var board = await StartBoardAsync(logs);
        await using var nginx = await Nginx.StartAsync(board.BaseAddress.Port, Locations);
        var cookies = new CookieContainer();
        using var client = nginx.CreateClient(s_clientAddress, cookies);

        using var registered = await RegisterAsync(client, "", "ada");

        Assert.That(registered.StatusCode, Is.EqualTo(HttpStatusCode.Found), nginx.ErrorLog);
        Assert.That(registered.Headers.Location?.OriginalString, Is.EqualTo("/"));
        var login = cookies.GetCookies(nginx.BaseAddress)["microweb.auth"];
        Assert.That(login, Is.Not.Null);
        Assert.That(login!.Secure, Is.True);
        Assert.That(LogLineFor(logs, "/register"), Does.EndWith(", client 127.0.0.2)"));
    }

    [Test]
    public async Task A_prefix_mount_serves_pages_redirects_and_static_files_under_it()
    {
        var logs = new LogLines();
        await using var board = await StartBoardAsync(logs);
        await using var nginx = await Nginx.StartAsync(board.BaseAddress.Port, Locations);
        using var client = nginx.CreateClient(s_clientAddress, new CookieContainer());

        string home = await client.GetStringAsync("/board/");
        using var css = await client.GetAsync("/board/static/site.css");
        using var registered = await RegisterAsync(client, "/board", "grace");
        string signedIn = await client.GetStringAsync("/board/");
        using var logout = await client.PostAsync("/board/logout", new FormUrlEncodedContent(new Dictionary<string, string> { ["__csrf"] = BoardApp.Csrf(signedIn) }));

        Assert.That(home, Does.Contain("href=\"/board/static/site.css\"").And.Contain("href=\"/board/login\""));
        Assert.That(css.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(css.Content.Headers.ContentType?.MediaType, Is.EqualTo("text/css"));
        Assert.That(registered.StatusCode, Is.EqualTo(HttpStatusCode.Found));
        Assert.That(registered.Headers.Location?.OriginalString, Is.EqualTo("/board/"));
        Assert.That(signedIn, Does.Contain("href=\"/board/users/grace\"").And.Contain("action=\"/board/logout\""));
        Assert.That(logout.StatusCode, Is.EqualTo(HttpStatusCode.Found));
        Assert.That(logout.Headers.Location?.OriginalString, Is.EqualTo("/board/"));
        Assert.That(LogLineFor(logs, "/board/static/site.css"), Does.Contain(" responded 200 ").And.EndWith(", client 127.0.0.2)"));
    }

    [Test]
    public async Task With_forward_limit_1_only_nginxs_hop_is_believed_not_the_clients_own_x_forwarded_for()
    {
        var logs = new LogLines();
        await using var board = await StartBoardAsync(logs);
        await using var nginx = await Nginx.StartAsync(board.BaseAddress.Port, Locations);
        using var client = nginx.CreateClient(s_clientAddress, new CookieContainer());

        using var request = new HttpRequestMessage(HttpMethod.Get, "/login");
        request.Headers.TryAddWithoutValidation("X-Forwarded-For", "203.0.113.66");
        using var response = await client.SendAsync(request);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(LogLineFor(logs, "/login"), Does.EndWith(", client 127.0.0.2)"));
    }

    [Test]
    public async Task Spoofed_headers_sent_straight_to_the_board_from_an_untrusted_address_are_ignored()
    {
        // Only 10.0.0.1 is a proxy here, so this loopback client is an ordinary, untrusted one.
        var logs = new LogLines();
        await using var board = await StartBoardAsync(logs, "--ForwardedHeaders:KnownProxies=10.0.0.1", "--ForwardedHeaders:KnownNetworks=");
        var cookies = new CookieContainer();
        using var client = new HttpClient(new HttpClientHandler { CookieContainer = cookies, AllowAutoRedirect = false }) { BaseAddress = board.BaseAddress };
        client.DefaultRequestHeaders.TryAddWithoutValidation("X-Forwarded-For", "203.0.113.66");
        client.DefaultRequestHeaders.TryAddWithoutValidation("X-Forwarded-Proto", "https");
        client.DefaultRequestHeaders.TryAddWithoutValidation("X-Forwarded-Prefix", "/evil");

        using var registered = await RegisterAsync(client, "", "eve");

        Assert.That(registered.Headers.Location?.OriginalString, Is.EqualTo("/"));
        Assert.That(cookies.GetCookies(board.BaseAddress)["microweb.auth"]?.Secure, Is.False);
        Assert.That(LogLineFor(logs, "/register"), Does.EndWith(", client 127.0.0.1)"));
    }
}
