using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using MicroWeb.Controllers;
using MicroWeb.Tests.Support;

namespace MicroWeb.Tests.Controllers;

/// <summary>
/// Which path serves a controller: the source generator's table (this assembly runs the generator), or reflection
/// when the table is missing, lacks an action (a hot-reload edit added one), or the switch forces it.
/// </summary>
[NonParallelizable] // Flips the process-wide reflection switch and replaces generated tables.
public class GeneratedControllerTests
{
    private static Endpoint[] Endpoints(Type controller)
    {
        using var services = new ServiceCollection().AddSingleton<Counter>().BuildServiceProvider();
        return [.. ControllerDiscovery.Routes(controller, new BinderFactory(services)).Select(r => r.Endpoint)];
    }

    [Test]
    public void This_assemblys_controllers_are_served_by_generated_invokers_unless_the_run_forces_reflection()
    {
        var endpoints = Endpoints(typeof(GeneratedItemsController));

        Assert.That(endpoints, Has.Length.EqualTo(2));
        Assert.That(endpoints.Select(e => e.IsGenerated), Is.All.EqualTo(!ReflectionPathSetUp.Reflection));
    }

    [Test]
    public void The_switch_makes_every_controller_take_the_reflection_path()
    {
        AppContext.SetSwitch("MicroWeb.Controllers.UseReflection", true);
        try
        {
            Assert.That(Endpoints(typeof(GeneratedItemsController)).Select(e => e.IsGenerated), Is.All.False);
        }
        finally
        {
            AppContext.SetSwitch("MicroWeb.Controllers.UseReflection", ReflectionPathSetUp.Reflection);
        }
    }

    [Test]
    public async Task An_action_the_generated_table_lacks_puts_its_controller_on_reflection_and_says_so()
    {
        if (ReflectionPathSetUp.Reflection)
        {
            Assert.Ignore("This run forces reflection; the generated table is not consulted.");
        }

        // What the table looks like after a hot-reload edit added Extra: the generator saw only Show.
        var generated = GeneratedControllers.Find(typeof(EditedController))!;
        GeneratedControllers.Register(typeof(EditedController).Assembly, [new GeneratedController(typeof(EditedController), generated.Create, [.. generated.Actions.Where(a => a.Name == nameof(EditedController.Show))])]);
        try
        {
            var builder = MicroWebApp.CreateBuilder(["--urls", "http://127.0.0.1:0"]);
            var logs = new ListLoggerProvider();
            builder.Logging.ClearProviders();
            builder.Logging.AddProvider(logs);
            builder.Logging.SetMinimumLevel(LogLevel.Debug);
            await using var app = builder.Build();
            app.MapControllers(typeof(EditedController));
            await app.StartAsync();

            using var client = new HttpClient();
            Assert.That(await client.GetStringAsync(app.Urls[0] + "/edited/extra/5"), Is.EqualTo("extra 5"));
            Assert.That(await client.GetStringAsync(app.Urls[0] + "/edited/3"), Is.EqualTo("show 3"));
            Assert.That(app.Endpoints.Routes.Select(r => r.Endpoint.IsGenerated), Is.All.False);
            Assert.That(logs.Entries.Select(e => (e.Level, e.Message)), Has.Some.EqualTo((LogLevel.Debug,
                "EditedController.Extra has no generated invoker (added after the build, e.g. by a hot-reload edit): EditedController uses reflection.")));
        }
        finally
        {
            GeneratedControllers.Register(typeof(EditedController).Assembly, [generated]);
        }
    }

    [Test]
    public async Task Generated_and_reflection_paths_answer_alike()
    {
        var answers = new List<(HttpStatusCode, string, string?)>();
        foreach (var reflection in new[] { false, true })
        {
            AppContext.SetSwitch("MicroWeb.Controllers.UseReflection", reflection);
            try
            {
                var builder = MicroWebApp.CreateBuilder(["--urls", "http://127.0.0.1:0"]);
                builder.Services.AddSingleton<Counter>();
                builder.Logging.ClearProviders();
                await using var app = builder.Build();
                app.MapControllers(typeof(GeneratedItemsController));
                await app.StartAsync();
                Assert.That(app.Endpoints.Routes.Select(r => r.Endpoint.IsGenerated), Is.All.EqualTo(!reflection));
                using var client = new HttpClient();
                foreach (var path in new[] { "/generated/7?page=2", "/generated/x", "/generated/7?page=0", "/generated/7?page=abc", "/generated/count" })
                {
                    using var response = await client.GetAsync(app.Urls[0] + path);
                    answers.Add((response.StatusCode, await response.Content.ReadAsStringAsync(), response.Content.Headers.ContentType?.MediaType));
                }
            }
            finally
            {
                AppContext.SetSwitch("MicroWeb.Controllers.UseReflection", ReflectionPathSetUp.Reflection);
            }
        }

        var half = answers.Count / 2;
        Assert.That(answers.Take(half), Is.EqualTo(answers.Skip(half)));
        Assert.That(answers[0], Is.EqualTo((HttpStatusCode.OK, "item 7 page 2", "text/plain")));
        Assert.That(answers[1].Item1, Is.EqualTo(HttpStatusCode.NotFound), "{id:int} does not match 'x'");
        Assert.That(answers[2].Item1, Is.EqualTo(HttpStatusCode.BadRequest), "[Range] fails into ModelState, the action answers 400");
        Assert.That(answers[3].Item1, Is.EqualTo(HttpStatusCode.BadRequest), "binding fails before the action");
        Assert.That(answers[4], Is.EqualTo((HttpStatusCode.OK, "1", "application/json")));
    }

    public sealed class Counter
    {
        private int _count;

        public int Next() => Interlocked.Increment(ref _count);
    }

    public sealed class GeneratedItemsController(Counter counter) : Controller
    {
        [HttpGet("/generated/{id:int}")]
        public IResult Show(int id, [System.ComponentModel.DataAnnotations.Range(1, 9)] int page = 1) =>
            ModelState.IsValid ? Text($"item {id} page {page}") : BadRequest();

        [HttpGet("/generated/count")]
        public Task<int> Count() => Task.FromResult(counter.Next());
    }

    public sealed class EditedController : Controller
    {
        [HttpGet("/edited/{id:int}")]
        public string Show(int id) => $"show {id}";

        [HttpGet("/edited/extra/{id:int}")]
        public string Extra(int id) => $"extra {id}";
    }
}
