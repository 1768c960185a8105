using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace MicroWeb.Tests.Testing;

/// <summary>Where the test host app gets its greeting: a test replaces it.</summary>
public interface IGreetingStore
{
    string Greeting { get; }
}

public sealed class DefaultGreetingStore : IGreetingStore
{
    public string Greeting => "hello";
}

public sealed class FakeGreetingStore(string greeting) : IGreetingStore
{
    public string Greeting => greeting;
}

public sealed record Note(string Author, string Text);

[Route("/notes")]
public sealed class NotesController(IGreetingStore store, IConfiguration configuration) : Controller
{
    [HttpGet("greet/{name}")]
    public string Greet(string name) => $"{store.Greeting}, {name}";

    [HttpGet("setting")]
    public string Setting(string key) => configuration[key] ?? "(none)";

    [HttpPost("form")]
    public IResult PostForm([FromForm] string text, int? priority) => Text($"form: {text} ({priority})");

    [HttpPost("json")]
    public IResult PostJson([FromBody] Note note) => Json(new { author = note.Author, length = note.Text.Length }, 201);

    [HttpPost("login")]
    public IResult Login([FromForm] string user)
    {
        Response.Cookies.Append("user", user);
        return Redirect("/notes/whoami");
    }

    [HttpGet("whoami")]
    public string WhoAmI() => Request.Cookies.TryGetValue("user", out var user) ? user : "anonymous";
}

/// <summary>
/// The app a test host builds, written the way a user's Program.cs exposes it: a static Build(args)
/// that registers services, reads configuration before Build() and maps the controllers.
/// </summary>
public static class NotesApp
{
    public static MicroWebApp Build(string[] args)
    {
        var builder = MicroWebApp.CreateBuilder(args);
        builder.Logging.ClearProviders();
        builder.Services.AddSingleton<IGreetingStore, DefaultGreetingStore>();
        // Read before Build(), like MessageBoard reads its database path: test settings must be visible here.
        var title = builder.Configuration["Notes:Title"] ?? "Notes";
        var app = builder.Build();
        app.MapGet("/title", () => title);
        app.MapControllers(typeof(NotesController));
        return app;
    }
}
