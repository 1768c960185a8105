using System.Net;
using System.Reflection.Metadata;
using MicroWeb.Controllers;
using MicroWeb.Tests.Support;
using Microsoft.Extensions.Logging;

namespace MicroWeb.Tests.Controllers;

/// <summary>
/// Hot reload rebuilds a running app's routes (<see cref="RouteTableReloader"/>), over a real socket.
/// </summary>
/// <remarks>
/// The seam: <c>dotnet test</c> does not run with hot reload on, so the test sets <see cref="EndpointCollection.Reloadable"/>
/// itself, and maps controllers with <see cref="EndpointCollection.AddControllers"/> from a list it then changes. That
/// list stands in for what a re-scan of the edited assembly would find: <c>MapControllers(assemblies)</c> passes the same
/// kind of delegate (re-running <c>FindControllers</c>), and a rebuild re-runs discovery on every type it yields, which
/// is where an action added to an existing controller appears. The handler is called exactly as the runtime calls it.
/// </remarks>
[NonParallelizable] // UpdateApplication rebuilds every reloadable app alive, so keep other reload tests out of the way.
public class HotReloadRoutingTests
{
    private static async Task<(MicroWebApp App, ListLoggerProvider Logs, List<Type> Controllers)> StartAsync(bool reloadable)
    {
        var builder = MicroWebApp.CreateBuilder(["--urls", "http://127.0.0.1:0"]);
        var logs = new ListLoggerProvider();
        builder.Logging.ClearProviders();
        builder.Logging.AddProvider(logs);
        var app = builder.Build();
        app.Endpoints.Reloadable = reloadable;
        var controllers = new List<Type> { typeof(FirstController) };
        app.Endpoints.AddControllers(() => [.. controllers]);
        app.MapGet("/handler", () => "kept");
        await app.StartAsync();
        return (app, logs, controllers);
    }

    private static async Task<(HttpStatusCode Status, string Body)> GetAsync(MicroWebApp app, string path)
    {
        using var client = new HttpClient();
        using var response = await client.GetAsync(app.Urls[0] + path);
        return (response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    [Test]
    public async Task Update_swaps_in_a_table_with_the_new_routes_and_keeps_the_mapped_handlers()
    {
        (var app, _, var controllers) = await StartAsync(reloadable: true);
        await using (app)
        {
            Assert.That((await GetAsync(app, "/second")).Status, Is.EqualTo(HttpStatusCode.NotFound));

            controllers.Add(typeof(SecondController));
            RouteTableReloader.UpdateApplication(null);

            Assert.That(await GetAsync(app, "/second/7"), Is.EqualTo((HttpStatusCode.OK, "second 7")));
            Assert.That(await GetAsync(app, "/first"), Is.EqualTo((HttpStatusCode.OK, "first")));
            Assert.That(await GetAsync(app, "/handler"), Is.EqualTo((HttpStatusCode.OK, "kept")));
        }
    }

    [Test]
    public async Task A_rebuild_that_fails_logs_one_line_and_keeps_the_old_table()
    {
        (var app, var logs, var controllers) = await StartAsync(reloadable: true);
        await using (app)
        {
            controllers.Add(typeof(ClashingController));
            RouteTableReloader.UpdateApplication([typeof(ClashingController)]);

            var error = logs.Entries.Single(e => e.Category == "MicroWeb.HotReload");
            Assert.That(error.Level, Is.EqualTo(LogLevel.Error));
            Assert.That(error.Message, Does.StartWith("Hot reload: the routes were not rebuilt").And.Contain("ClashingController.Again").And.Not.Contain('\n'));
            Assert.That(await GetAsync(app, "/first"), Is.EqualTo((HttpStatusCode.OK, "first")), "the previous table still answers");
        }
    }

    [Test]
    public async Task Without_hot_reload_nothing_is_kept_and_an_update_changes_nothing()
    {
        (var app, _, var controllers) = await StartAsync(reloadable: false);
        await using (app)
        {
            controllers.Add(typeof(SecondController));
            RouteTableReloader.UpdateApplication(null);
            Assert.That((await GetAsync(app, "/second/7")).Status, Is.EqualTo(HttpStatusCode.NotFound));
        }
    }

    [Test]
    public void Reloadable_defaults_to_whether_the_runtime_applies_metadata_updates()
    {
        var app = MicroWebApp.CreateBuilder([]).Build();
        Assert.That(app.Endpoints.Reloadable, Is.EqualTo(MetadataUpdater.IsSupported));
    }

    [Test]
    public void The_handler_is_declared_on_the_MicroWeb_assembly() =>
        Assert.That(
            typeof(MicroWebApp).Assembly.GetCustomAttributes(typeof(MetadataUpdateHandlerAttribute), false)
                .Cast<MetadataUpdateHandlerAttribute>().Select(a => a.HandlerType),
            Does.Contain(typeof(RouteTableReloader)));

    public sealed class FirstController
    {
        [HttpGet("/first")]
        public string Index() => "first";
    }

    public sealed class SecondController
    {
        [HttpGet("/second/{id:int}")]
        public string Show(int id) => $"second {id}";
    }

    public sealed class ClashingController
    {
        [HttpGet("/first")]
        public string Again() => "clash";
    }
}
