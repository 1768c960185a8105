using MicroWeb.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace MicroWeb.Tests.Testing;

public sealed class Inventory
{
    public List<string> Items { get; } = [];
}

/// <summary>Building the app under test: from a factory or inline, with settings and services that win.</summary>
public class TestHostOverrideTests
{
    [Test]
    public async Task A_setting_wins_over_the_command_line_and_is_seen_before_Build()
    {
        await using var host = MicroWebTestHost.Create(_ => NotesApp.Build(["--Notes:Title=from the command line", "--Colour=blue"]))
            .WithSetting("Notes:Title", "from the test");
        using var client = host.CreateClient();
        Assert.That(await client.GetStringAsync("/title"), Is.EqualTo("from the test"), "read by the app before Build()");
        Assert.That(await client.GetStringAsync("/notes/setting?key=Notes:Title"), Is.EqualTo("from the test"));
        Assert.That(await client.GetStringAsync("/notes/setting?key=Colour"), Is.EqualTo("blue"), "other settings are untouched");
    }

    [Test]
    public async Task A_later_setting_for_the_same_key_wins_whatever_its_case()
    {
        // Documented on WithSetting; the in-memory configuration source used to throw on the repeated key.
        await using var host = MicroWebTestHost.Create(args => NotesApp.Build(args))
            .WithSetting("Notes:Title", "first")
            .WithSetting("Colour", "blue")
            .WithSetting("notes:title", "second");
        using var client = host.CreateClient();
        Assert.That(await client.GetStringAsync("/title"), Is.EqualTo("second"));
        Assert.That(await client.GetStringAsync("/notes/setting?key=Colour"), Is.EqualTo("blue"));
    }

    [Test]
    public async Task A_setting_wins_over_sources_the_app_adds_itself()
    {
        await using var host = MicroWebTestHost.Create(args =>
            {
                var builder = MicroWebApp.CreateBuilder(args);
                builder.Logging.ClearProviders();
                builder.Configuration.AddInMemoryCollection([new("Mode", "app")]);
                var app = builder.Build();
                app.MapGet("/mode", (IConfiguration configuration) => configuration["Mode"]!);
                return app;
            })
            .WithSettings([new("Mode", "test")]);
        using var client = host.CreateClient();
        Assert.That(await client.GetStringAsync("/mode"), Is.EqualTo("test"));
        Assert.That(host.Services.GetRequiredService<IConfiguration>()["Mode"], Is.EqualTo("test"));
    }

    [Test]
    public async Task Environment_and_server_limits_come_from_settings_too()
    {
        await using var host = MicroWebTestHost.Create(args => NotesApp.Build(args))
            .WithSetting("Environment", "Staging")
            .WithSetting("Server:MaxRequestBodySize", "10");
        Assert.That(host.App.Environment.EnvironmentName, Is.EqualTo("Staging"));
        using var client = host.CreateClient();
        using var tooBig = await client.PostAsync("/notes/form", new FormUrlEncodedContent([new("text", "far more than ten bytes")]));
        Assert.That((int)tooBig.StatusCode, Is.EqualTo(413));
    }

    [Test]
    public async Task A_service_registered_by_the_test_replaces_the_apps()
    {
        await using var host = MicroWebTestHost.Create(args => NotesApp.Build(args))
            .ConfigureServices(services => services.AddSingleton<IGreetingStore>(new FakeGreetingStore("ahoy")));
        using var client = host.CreateClient();
        Assert.That(await client.GetStringAsync("/notes/greet/ada"), Is.EqualTo("ahoy, ada"));
        Assert.That(host.Services.GetRequiredService<IGreetingStore>(), Is.InstanceOf<FakeGreetingStore>());
    }

    [Test]
    public async Task Inline_apps_get_the_overrides_too()
    {
        await using var host = MicroWebTestHost.Create(
                builder =>
                {
                    builder.Logging.ClearProviders();
                    builder.Services.AddSingleton<IGreetingStore, DefaultGreetingStore>();
                },
                app => app.MapGet("/", (IGreetingStore store, IConfiguration configuration) => $"{store.Greeting} {configuration["Who"]}"))
            .WithSetting("Who", "world")
            .ConfigureServices(services => services.AddSingleton<IGreetingStore>(new FakeGreetingStore("bonjour")));
        using var client = host.CreateClient();
        Assert.That(await client.GetStringAsync("/"), Is.EqualTo("bonjour world"));
    }

    [Test]
    public async Task Services_can_arrange_state_before_the_first_request()
    {
        await using var host = MicroWebTestHost.Create(
            builder =>
            {
                builder.Logging.ClearProviders();
                builder.Services.AddSingleton<Inventory>();
            },
            app => app.MapGet("/items", (Inventory inventory) => string.Join(",", inventory.Items)));
        host.Services.GetRequiredService<Inventory>().Items.AddRange(["a", "b"]);
        using var client = host.CreateClient();
        Assert.That(await client.GetStringAsync("/items"), Is.EqualTo("a,b"));
    }

    [Test]
    public async Task Overrides_after_the_app_is_built_are_refused()
    {
        await using var host = MicroWebTestHost.Create(args => NotesApp.Build(args));
        _ = host.Services;
        Assert.Throws<InvalidOperationException>(() => host.WithSetting("Late", "yes"));
        Assert.Throws<InvalidOperationException>(() => host.ConfigureServices(_ => { }));
    }

    [Test]
    public async Task The_factory_must_build_its_app_during_the_call()
    {
        await using var prebuilt = NotesApp.Build([]);
        await using var host = MicroWebTestHost.Create(_ => prebuilt);
        var e = Assert.Throws<InvalidOperationException>(() => host.CreateClient());
        Assert.That(e!.Message, Does.Contain("MicroWebApp.CreateBuilder"));
    }

    [Test]
    public async Task Overrides_do_not_leak_to_apps_built_elsewhere()
    {
        await using var host = MicroWebTestHost.Create(args => NotesApp.Build(args)).WithSetting("Notes:Title", "test");
        _ = host.App;
        await using var other = NotesApp.Build([]);
        Assert.That(other.Configuration["Notes:Title"], Is.Null);
    }

    [Test]
    public async Task A_startup_error_surfaces_on_first_use_and_names_the_culprit()
    {
        await using var host = MicroWebTestHost.Create(app => app.MapGet("/x/{id}", ([FromRoute(Name = "key")] string key) => key));
        var e = Assert.Throws<InvalidOperationException>(() => host.CreateClient());
        Assert.That(e!.Message, Does.Contain("'key'").And.Contain("/x/{id}"));
    }
}
