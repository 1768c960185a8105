using System.Net;
using MicroWeb.Controllers;

namespace MicroWeb.Tests.Controllers;

/// <summary>
/// What the generated table carries besides invokers, so that a Native AOT app builds its endpoints without reflection:
/// per parameter its type and parser, the awaiting of generic tasks, the assembly's controller list; and the
/// <c>RequestDelegate</c> overloads of <c>MapGet</c> and friends, which bind and compile nothing.
/// </summary>
public class GeneratedBinderTests
{
    [Test]
    public void The_table_names_each_parameter_with_its_parser_and_the_unwrapper_of_a_generic_task()
    {
        var table = GeneratedControllers.Find(typeof(GeneratedBindersController));
        if (table is null)
        {
            Assert.Ignore("This run forces reflection; the generated table is not consulted.");
        }

        var search = table.Actions.Single(a => a.Name == nameof(GeneratedBindersController.Search));
        Assert.That(search.Parameters.Select(p => p.Type), Is.EqualTo(new[] { typeof(int), typeof(Shade?), typeof(List<Guid>), typeof(string), typeof(CancellationToken) }));
        Assert.That(search.Parameters.Take(4).Select(p => p.Converter), Is.All.Not.Null, "simple values and collections of them parse with generated parsers");
        Assert.That(search.Parameters[3].NotNull, Is.True, "string without '?' is read as non-nullable at compile time");
        Assert.That(search.Parameters[4].Converter, Is.Null, "a framework type is not parsed");
        Assert.That(search.Unwrap, Is.Not.Null, "Task<string> is awaited by a generated unwrapper, not MakeGenericMethod");
        Assert.That(table.Actions.Single(a => a.Name == nameof(GeneratedBindersController.Plain)).Unwrap, Is.Null);
    }

    [Test]
    public void The_table_lists_the_assemblys_controllers_for_discovery_without_GetExportedTypes()
    {
        var listed = GeneratedControllers.Of(typeof(GeneratedBindersController).Assembly);

        Assert.That(listed, Does.Contain(typeof(GeneratedBindersController)).And.Contain(typeof(GeneratedControllerTests.GeneratedItemsController)));
        Assert.That(listed, Is.All.Matches<Type>(type => type is not null && ControllerDiscovery.IsController(type)));
    }

    [Test]
    public async Task Generated_parsers_bind_enums_nullable_values_collections_and_report_bad_values()
    {
        var builder = MicroWebApp.CreateBuilder(["--urls", "http://127.0.0.1:0"]);
        await using var app = builder.Build();
        app.MapControllers(typeof(GeneratedBindersController));
        await app.StartAsync();
        using var client = new HttpClient();

        var ids = "ids=3f2504e0-4f89-11d3-9a0c-0305e82c3301&ids=6ba7b810-9dad-11d1-80b4-00c04fd430c8";
        Assert.That(await client.GetStringAsync($"{app.Urls[0]}/binders/5?shade=dark&{ids}&term=x"), Is.EqualTo("5 Dark 2 x"));
        Assert.That(await client.GetStringAsync($"{app.Urls[0]}/binders/5?term=y"), Is.EqualTo("5 none 0 y"));
        using var bad = await client.GetAsync($"{app.Urls[0]}/binders/5?shade=purple&term=z");
        Assert.That(bad.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(await bad.Content.ReadAsStringAsync(), Does.Contain("choice (Light, Dark)"));
        using var missing = await client.GetAsync($"{app.Urls[0]}/binders/5");
        Assert.That(missing.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest), "a non-nullable string is required");
    }

    [Test]
    public async Task MapGet_with_a_context_lambda_takes_the_RequestDelegate_overload_and_answers()
    {
        var builder = MicroWebApp.CreateBuilder(["--urls", "http://127.0.0.1:0"]);
        await using var app = builder.Build();
        app.MapGet("/delegate", async context => await context.Response.WriteAsync($"hi {context.Request.Query["name"]}"));
        app.Map([HttpMethods.Post], "/delegate", async context =>
        {
            context.Response.StatusCode = 201;
            await context.Response.WriteAsync("made");
        });
        await app.StartAsync();
        using var client = new HttpClient();

        Assert.That(await client.GetStringAsync($"{app.Urls[0]}/delegate?name=ann"), Is.EqualTo("hi ann"));
        using var posted = await client.PostAsync($"{app.Urls[0]}/delegate", null);
        Assert.That(posted.StatusCode, Is.EqualTo(HttpStatusCode.Created));
        Assert.That(await posted.Content.ReadAsStringAsync(), Is.EqualTo("made"));
        Assert.That(app.Endpoints.Routes.Select(r => r.Endpoint.Binders.Length), Is.All.Zero, "nothing bound: a request delegate reads the context itself");
    }

    public enum Shade
    {
        Light,
        Dark,
    }

    public sealed class GeneratedBindersController : Controller
    {
        [HttpGet("/binders/{id:int}")]
        public async Task<string> Search(int id, Shade? shade, List<Guid> ids, string term, CancellationToken aborted)
        {
            await Task.Yield();
            return $"{id} {shade?.ToString() ?? "none"} {ids.Count} {term}";
        }

        [HttpGet("/binders/plain")]
        public string Plain() => "plain";
    }
}
