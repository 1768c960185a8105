using System.Net;
using System.Security.Cryptography;
using System.Text.RegularExpressions;
using MessageBoard;
using MicroWeb;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;

namespace MessageBoard.Tests;

/// <summary>The message board on 127.0.0.1 with an ephemeral port and its own temporary database.</summary>
internal sealed partial class BoardApp : IAsyncDisposable
{
    private readonly string _databasePath;
    private readonly Dictionary<HttpClient, CookieContainer> _clients = [];

    private BoardApp(MicroWebApp app, string databasePath)
    {
        App = app;
        _databasePath = databasePath;
        BaseAddress = new Uri($"http://127.0.0.1:{new Uri(app.Urls[0]).Port}/");
    }

    public MicroWebApp App { get; }

    public Uri BaseAddress { get; }

    /// <summary>Starts the board; <paramref name="configure"/> runs after the defaults (e.g. to capture logs), <paramref name="args"/> add settings.</summary>
    public static async Task<BoardApp> StartAsync(Action<MicroWebAppBuilder>? configure = null, params string[] args)
    {
        string databasePath = Path.Combine(Path.GetTempPath(), $"messageboard-test-{Guid.NewGuid():N}.db");
        string key = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
        var app = MessageBoardApp.Build(
            ["--contentRoot", SampleDirectory(), "--MessageBoard:Database=" + databasePath, "--Security:Key", key, .. args],
            builder =>
            {
                builder.Logging.ClearProviders();
                builder.ConfigureServer(options => options.Urls = "http://127.0.0.1:0");
                configure?.Invoke(builder);
            });
        await app.StartAsync();
        return new BoardApp(app, databasePath);
    }

    /// <summary>A browser-like client: keeps cookies, follows no redirects.</summary>
    public HttpClient CreateClient()
    {
        var cookies = new CookieContainer();
        var client = new HttpClient(new HttpClientHandler { UseCookies = true, CookieContainer = cookies, AllowAutoRedirect = false })
        {
            BaseAddress = BaseAddress,
            Timeout = TimeSpan.FromSeconds(30),
        };
        _clients.Add(client, cookies);
        return client;
    }

    /// <summary>The value of a cookie a client created by <see cref="CreateClient"/> holds for this server.</summary>
    public string CookieValue(HttpClient client, string name) =>
        _clients[client].GetCookies(BaseAddress)[name]?.Value ?? throw new AssertionException($"No {name} cookie.");

    public static string Csrf(string html) =>
        CsrfField().Match(html) is { Success: true } match ? match.Groups[1].Value : throw new AssertionException("No __csrf field in:\n" + html);

    /// <summary>GETs <paramref name="formPage"/> for its CSRF token, then posts <paramref name="fields"/> to <paramref name="action"/>.</summary>
    public static async Task<HttpResponseMessage> PostFormAsync(HttpClient client, string formPage, string action, params (string Name, string Value)[] fields)
    {
        string html = await client.GetStringAsync(formPage);
        var values = fields.Select(f => new KeyValuePair<string, string>(f.Name, f.Value)).Append(new("__csrf", Csrf(html)));
        return await client.PostAsync(action, new FormUrlEncodedContent(values));
    }

    public static async Task<HttpClient> RegisterAsync(BoardApp app, string name, string password = "correct horse")
    {
        var client = app.CreateClient();
        using var response = await PostFormAsync(client, "/register", "/register", ("username", name), ("password", password));
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Found), await response.Content.ReadAsStringAsync());
        return client;
    }

    public static async Task<HttpResponseMessage> PostMessageAsync(HttpClient client, string text) =>
        await PostFormAsync(client, "/", "/messages", ("text", text));

    public static long LastMessageId(string html) =>
        long.Parse(MessageId().Match(html).Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);

    public async ValueTask DisposeAsync()
    {
        foreach (var client in _clients.Keys) client.Dispose();
        await App.DisposeAsync();
        DeleteDatabase(_databasePath);
    }

    /// <summary>Deletes a test's SQLite database with its WAL files, once no pooled connection holds it.</summary>
    internal static void DeleteDatabase(string path)
    {
        SqliteConnection.ClearAllPools();
        foreach (string suffix in new[] { "", "-wal", "-shm" })
        {
            if (File.Exists(path + suffix)) File.Delete(path + suffix);
        }
    }

    /// <summary>samples/MessageBoard, found above the test binaries: the content root for templates/ and static/.</summary>
    internal static string SampleDirectory()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            string candidate = Path.Combine(dir.FullName, "samples", "MessageBoard");
            if (File.Exists(Path.Combine(candidate, "MessageBoard.csproj"))) return candidate;
        }
        throw new InvalidOperationException("samples/MessageBoard not found above " + AppContext.BaseDirectory);
    }

    [GeneratedRegex("name=\"__csrf\" value=\"([^\"]+)\"")]
    private static partial Regex CsrfField();

    [GeneratedRegex("id=\"message-(\\d+)\"")]
    private static partial Regex MessageId();
}
