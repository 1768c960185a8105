using System.Net;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace MicroWeb.Tests.Controllers;

/// <summary>
/// Handler delegates mapped through the generated interceptors (docs/aot.md, "Handler delegates") answer exactly as
/// the reflection path does, over a real socket: route, query, defaults, services, form and JSON models, async and void
/// handlers, typed results, groups, <c>configure</c> with a filter, <c>Map</c> with several methods, and bad input.
/// </summary>
[NonParallelizable] // Flips the process-wide reflection switch.
public class GeneratedEndpointTests
{
    private static readonly (HttpMethod Method, string Path, string? Form, string? Json)[] s_requests =
    [
        (HttpMethod.Get, "/ge/7?q=cats", null, null),
        (HttpMethod.Get, "/ge/seven", null, null),
        (HttpMethod.Get, "/ge/defaults", null, null),
        (HttpMethod.Get, "/ge/defaults?page=5&sort=date", null, null),
        (HttpMethod.Get, "/ge/defaults?page=five", null, null),
        (HttpMethod.Get, "/ge/service", null, null),
        (HttpMethod.Post, "/ge/form", "name=Ann&age=30", null),
        (HttpMethod.Post, "/ge/form", "age=10", null),
        (HttpMethod.Post, "/ge/json", null, """{"name":"Bo","age":20}"""),
        (HttpMethod.Post, "/ge/json", null, """{"name":"Bo","age":"old"}"""),
        (HttpMethod.Get, "/ge/async", null, null),
        (HttpMethod.Get, "/ge/valuetask/3", null, null),
        (HttpMethod.Delete, "/ge/void/4", null, null),
        (HttpMethod.Get, "/ge/typed/1", null, null),
        (HttpMethod.Get, "/ge/typed/2", null, null),
        (HttpMethod.Get, "/ge/group/filtered/21", null, null),
        (HttpMethod.Head, "/ge/many", null, null),
        (HttpMethod.Get, "/ge/many", null, null),
    ];

    [Test]
    public async Task Handler_delegates_answer_alike_on_the_generated_and_the_reflection_path()
    {
        var generated = await AnswersAsync(reflection: false);
        var reflected = await AnswersAsync(reflection: true);

        Assert.That(generated, Is.EqualTo(reflected));
        Assert.That(generated[0], Is.EqualTo((HttpStatusCode.OK, "7|cats")));
        Assert.That(generated[1].Item1, Is.EqualTo(HttpStatusCode.NotFound), "the int constraint");
        Assert.That(generated[2], Is.EqualTo((HttpStatusCode.OK, "2|name")), "default values");
        Assert.That(generated[3], Is.EqualTo((HttpStatusCode.OK, "5|date")));
        Assert.That(generated[4].Item1, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(generated[4].Item2, Does.Contain("'five'").And.Contain("'page'"));
        Assert.That(generated[5], Is.EqualTo((HttpStatusCode.OK, "store:1")));
        Assert.That(generated[6], Is.EqualTo((HttpStatusCode.OK, "Ann|30|valid")));
        Assert.That(generated[7], Is.EqualTo((HttpStatusCode.OK, "|10|Age: The field Age must be between 18 and 130.; Name: Name is required.")));
        Assert.That(generated[8], Is.EqualTo((HttpStatusCode.OK, "Bo|20")));
        Assert.That(generated[9].Item1, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(generated[10], Is.EqualTo((HttpStatusCode.OK, "5")), "an async lambda's Task<int>");
        Assert.That(generated[11], Is.EqualTo((HttpStatusCode.OK, "vt3")), "a method group's ValueTask<string>");
        Assert.That(generated[12], Is.EqualTo((HttpStatusCode.NoContent, "")), "a void handler");
        Assert.That(generated[13].Item1, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(generated[13].Item2, Is.EqualTo("""{"name":"one","age":1}"""));
        Assert.That(generated[14].Item1, Is.EqualTo(HttpStatusCode.NotFound));
        Assert.That(generated[15], Is.EqualTo((HttpStatusCode.OK, "filtered:42")), "the group's prefix and the filter from configure");
        Assert.That(generated[16], Is.EqualTo((HttpStatusCode.OK, "")), "HEAD through Map with two methods");
        Assert.That(generated[17], Is.EqualTo((HttpStatusCode.OK, "many")));
    }

    private static async Task<List<(HttpStatusCode, string)>> AnswersAsync(bool reflection)
    {
        AppContext.SetSwitch("MicroWeb.Controllers.UseReflection", reflection);
        try
        {
            var builder = MicroWebApp.CreateBuilder(["--urls", "http://127.0.0.1:0"]);
            builder.Logging.ClearProviders();
            builder.Services.AddSingleton(new EndpointStore("store", 1));
            await using var app = builder.Build();
            Map(app);
            await app.StartAsync();
            var endpoints = app.Endpoints.Routes.Where(r => r.Pattern.Template.StartsWith("/ge/", StringComparison.Ordinal)).Select(r => r.Endpoint).ToList();
            Assert.That(endpoints, Has.Count.EqualTo(11));
            Assert.That(endpoints.Select(e => e.IsGenerated), Is.All.EqualTo(!reflection), "every handler intercepted, unless reflection is forced");

            using var client = new HttpClient();
            var answers = new List<(HttpStatusCode, string)>();
            foreach (var (method, path, form, json) in s_requests)
            {
                using var request = new HttpRequestMessage(method, app.Urls[0] + path);
                if (form is not null)
                {
                    request.Content = new StringContent(form, Encoding.UTF8, "application/x-www-form-urlencoded");
                }
                else if (json is not null)
                {
                    request.Content = new StringContent(json, Encoding.UTF8, "application/json");
                }

                using var response = await client.SendAsync(request);
                answers.Add((response.StatusCode, await response.Content.ReadAsStringAsync()));
            }

            return answers;
        }
        finally
        {
            AppContext.SetSwitch("MicroWeb.Controllers.UseReflection", ReflectionPathSetUp.Reflection);
        }
    }

    private static void Map(MicroWebApp app)
    {
        app.MapGet("/ge/{id:int}", (int id, string? q) => $"{id}|{q}");
        app.MapGet("/ge/defaults", (int page = 2, string sort = "name") => $"{page}|{sort}");
        app.MapGet("/ge/service", (EndpointStore store) => $"{store.Name}:{store.Version}");
        app.MapPost("/ge/form", (SignupModel form, ModelStateDictionary state) =>
            $"{form.Name}|{form.Age}|{(state.IsValid ? "valid" : string.Join("; ", state.Keys.Order().Select(k => $"{k}: {state.GetError(k)}")))}");
        app.MapPost("/ge/json", ([FromBody] NewUser user) => $"{user.Name}|{user.Age}");
        app.MapGet("/ge/async", async () =>
        {
            await Task.Yield();
            return 5;
        });
        app.MapGet("/ge/valuetask/{n:int}", ValueTaskHandler);
        app.MapDelete("/ge/void/{id:int}", (int id, HttpContext context) => { context.Response.StatusCode = 204; });
        app.MapGet("/ge/typed/{id:int}", Results<Ok<NewUser>, NotFound> (int id) =>
            id == 1 ? TypedResults.Ok(new NewUser("one", 1)) : TypedResults.NotFound());
        var group = app.MapGroup("/ge/group");
        group.MapGet("/filtered/{n:int}", (int n) => n * 2, endpoint => endpoint.AddEndpointFilter(async (context, next) =>
            $"filtered:{await next(context)}"));
        app.Map(["GET", "HEAD"], "/ge/many", () => "many");
    }

    private static ValueTask<string> ValueTaskHandler(int n) => ValueTask.FromResult($"vt{n}");
}

/// <summary>A singleton the handlers take as a service.</summary>
public sealed record EndpointStore(string Name, int Version);
