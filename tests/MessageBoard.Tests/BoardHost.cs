using System.Net;
using System.Security.Cryptography;
using MicroWeb.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace MessageBoard.Tests;

/// <summary>
/// The message board in memory through <see cref="MicroWebTestHost"/>: the same app
/// <c>MessageBoardApp.Build</c> gives Program.cs, its own temporary database, no port.
/// </summary>
internal sealed class BoardHost : IAsyncDisposable
{
    private readonly string _databasePath = Path.Combine(Path.GetTempPath(), $"messageboard-test-{Guid.NewGuid():N}.db");

    /// <param name="settings">More configuration, e.g. MessageBoard:Provider and ConnectionStrings:MessageBoard for PostgreSQL.</param>
    public BoardHost(params (string Key, string Value)[] settings)
    {
        var host = MicroWebTestHost.Create(args => MessageBoardApp.Build(args))
            .WithSetting("ContentRoot", BoardApp.SampleDirectory())
            .WithSetting("MessageBoard:Database", _databasePath)
            .WithSetting("Security:Key", Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)))
            .ConfigureServices(services => services.AddLogging(logging => logging.ClearProviders()));
        foreach (var (key, value) in settings) host = host.WithSetting(key, value);
        Host = host;
    }

    public MicroWebTestHost Host { get; }

    public IServiceProvider Services => Host.Services;

    /// <summary>A browser-like client, as BoardApp's: keeps cookies, returns redirects instead of following them.</summary>
    public HttpClient CreateClient() => Host.CreateClient(new MicroWebTestClientOptions { AllowAutoRedirect = false });

    /// <summary>A new client signed in as a newly registered <paramref name="name"/>.</summary>
    public async Task<HttpClient> RegisterAsync(string name, string password = "correct horse")
    {
        var client = CreateClient();
        using var response = await BoardApp.PostFormAsync(client, "/register", "/register", ("username", name), ("password", password));
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Found), await response.Content.ReadAsStringAsync());
        return client;
    }

    public async ValueTask DisposeAsync()
    {
        await Host.DisposeAsync();
        BoardApp.DeleteDatabase(_databasePath);
    }
}
