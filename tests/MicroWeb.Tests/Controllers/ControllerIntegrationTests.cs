using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using MicroWeb.Testing;
using MicroWeb.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace MicroWeb.Tests.Controllers;

/// <summary>Counts requests for the whole app: a singleton.</summary>
public sealed class HitCounter
{
    private int _hits;

    public int Increment() => Interlocked.Increment(ref _hits);
}

/// <summary>A scoped service that records its own disposal, to prove the request scope ends with the request.</summary>
public sealed class RequestScopeProbe(DisposalLog log) : IAsyncDisposable
{
    public Guid Id { get; } = Guid.NewGuid();

    public ValueTask DisposeAsync()
    {
        log.Disposed(Id);
        return ValueTask.CompletedTask;
    }
}

public sealed class DisposalLog
{
    private readonly List<Guid> _disposed = [];

    public IReadOnlyList<Guid> Ids
    {
        get
        {
            lock (_disposed)
            {
                return [.. _disposed];
            }
        }
    }

    public void Disposed(Guid id)
    {
        lock (_disposed)
        {
            _disposed.Add(id);
        }
    }
}

public sealed record Message(string Author, string Text);

[Route("/it")]
public sealed class ShopController(HitCounter counter, RequestScopeProbe probe, RequestScopeProbe sameProbe) : Controller
{
    [HttpGet("scope")]
    public IResult Scope() => Json(new { hits = counter.Increment(), probe = probe.Id, shared = ReferenceEquals(probe, sameProbe) });

    [HttpGet("items/{id:int}")]
    public IResult Item(int id) => Text($"item {id} via {Request.Method} at {RouteValues["id"]}");

    [HttpGet("sync-string")]
    public string SyncString() => "plain";

    [HttpGet("task-string")]
    public async Task<string> TaskString()
    {
        await Task.Yield();
        return "awaited";
    }

    [HttpGet("valuetask-object")]
    public async ValueTask<Message> ValueTaskObject()
    {
        await Task.Yield();
        return new Message("Ada", "hi");
    }

    [HttpGet("task-result")]
    public async Task<IResult> TaskResult()
    {
        await Task.Delay(1);
        return StatusCode(202);
    }

    [HttpPost("task")]
    public Task PlainTask() => Task.CompletedTask;

    [HttpDelete("void/{id:int}")]
    public void Void(int id)
    {
    }

    [HttpPost("messages")]
    public IResult PostJson([FromBody] Message message) => Json(new { received = message.Text.ToUpperInvariant(), by = message.Author }, 201);

    [HttpPost("form")]
    public IResult PostForm([FromForm] string text, int? priority) => Redirect($"/it/items/{text.Length}?p={priority}");

    [HttpPost("upload")]
    public async Task<IResult> Upload(FormFile file, string title)
    {
        using var reader = new StreamReader(file.OpenReadStream());
        return Text($"{title}: {file.FileName} {file.Length} {await reader.ReadToEndAsync()}");
    }

    [HttpGet("go")]
    public IResult Go(string to) => Redirect(to);

    [Route("any")]
    public string Any() => Request.Method;

    [HttpPut("items/{id:int}")]
    [HttpPatch("items/{id:int}")]
    public string Update(int id) => $"updated {id}";

    [HttpGet("view")]
    public IResult ShowView() => View("shop.html", new { name = "MicroWeb" });

    public string NotAnAction() => "unreachable";
}

public sealed class AmbiguousAController : Controller
{
    [HttpGet("/clash/{id}")]
    public string Get(string id) => id;
}

public sealed class AmbiguousBController : Controller
{
    [HttpGet("/clash/{name}")]
    public string ByName(string name) => name;
}

/// <summary>Controllers and mapped handlers end to end, through the in-memory test host (the server has its own socket tests).</summary>
public class ControllerIntegrationTests
{
    private static MicroWebTestHost Start(Action<MicroWebApp> map, RequestDelegate? fallback = null) =>
        MicroWebTestHost.Create(
            builder =>
            {
                builder.Logging.ClearProviders();
                builder.Services.AddSingleton<HitCounter>();
                builder.Services.AddSingleton<DisposalLog>();
                builder.Services.AddScoped<RequestScopeProbe>();
            },
            app =>
            {
                map(app);
                if (fallback is not null) app.Run(fallback);
            });

    private static MicroWebTestHost StartShop(RequestDelegate? fallback = null) =>
        Start(app => app.MapControllers(typeof(ShopController)), fallback);

    [Test]
    public async Task Controller_gets_singleton_and_scoped_services_and_each_request_its_own_scope()
    {
        await using MicroWebTestHost host = StartShop();
        using HttpClient client = host.CreateClient();
        using JsonDocument first = JsonDocument.Parse(await client.GetStringAsync("/it/scope"));
        using JsonDocument second = JsonDocument.Parse(await client.GetStringAsync("/it/scope"));
        Assert.That(first.RootElement.GetProperty("hits").GetInt32(), Is.EqualTo(1));
        Assert.That(second.RootElement.GetProperty("hits").GetInt32(), Is.EqualTo(2));
        Assert.That(first.RootElement.GetProperty("shared").GetBoolean(), Is.True, "one instance per scope");
        Assert.That(second.RootElement.GetProperty("probe").GetGuid(), Is.Not.EqualTo(first.RootElement.GetProperty("probe").GetGuid()));
    }

    [Test]
    public async Task Scoped_service_is_disposed_after_each_request()
    {
        await using MicroWebTestHost host = StartShop();
        using HttpClient client = host.CreateClient();
        var log = host.Services.GetRequiredService<DisposalLog>();
        using JsonDocument first = JsonDocument.Parse(await client.GetStringAsync("/it/scope"));
        Guid id = first.RootElement.GetProperty("probe").GetGuid();
        // The scope is disposed right after the response is written, so it may trail the client by a moment.
        Assert.That(() => log.Ids, Does.Contain(id).After(5000, 10));
        using JsonDocument second = JsonDocument.Parse(await client.GetStringAsync("/it/scope"));
        Assert.That(() => log.Ids, Does.Contain(second.RootElement.GetProperty("probe").GetGuid()).After(5000, 10));
    }

    [Test]
    public async Task Actions_of_every_return_shape_answer_accordingly()
    {
        await using MicroWebTestHost host = StartShop();
        using HttpClient client = host.CreateClient();
        Assert.That(await client.GetStringAsync("/it/sync-string"), Is.EqualTo("plain"));
        Assert.That(await client.GetStringAsync("/it/task-string"), Is.EqualTo("awaited"));
        Assert.That(await client.GetStringAsync("/it/valuetask-object"), Is.EqualTo("""{"author":"Ada","text":"hi"}"""));
        Assert.That((await client.GetAsync("/it/task-result")).StatusCode, Is.EqualTo(HttpStatusCode.Accepted));
        Assert.That((await client.PostAsync("/it/task", null)).StatusCode, Is.EqualTo(HttpStatusCode.NoContent));
        Assert.That((await client.DeleteAsync("/it/void/3")).StatusCode, Is.EqualTo(HttpStatusCode.NoContent));
        using HttpResponseMessage item = await client.GetAsync("/it/items/5");
        Assert.That(await item.Content.ReadAsStringAsync(), Is.EqualTo("item 5 via GET at 5"));
        Assert.That(item.Content.Headers.ContentType!.ToString(), Is.EqualTo("text/plain; charset=utf-8"));
    }

    [Test]
    public async Task Json_in_and_out()
    {
        await using MicroWebTestHost host = StartShop();
        using HttpClient client = host.CreateClient();
        using HttpResponseMessage response = await client.PostAsJsonAsync("/it/messages", new { author = "Grace", text = "hello" });
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Created));
        Assert.That(response.Content.Headers.ContentType!.MediaType, Is.EqualTo("application/json"));
        Assert.That(await response.Content.ReadAsStringAsync(), Is.EqualTo("""{"received":"HELLO","by":"Grace"}"""));
    }

    [Test]
    public async Task Malformed_json_over_the_wire_is_a_400_problem()
    {
        await using MicroWebTestHost host = StartShop();
        using HttpClient client = host.CreateClient();
        using var content = new StringContent("{\"author\":", Encoding.UTF8, "application/json");
        using HttpResponseMessage response = await client.PostAsync("/it/messages", content);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(response.Content.Headers.ContentType!.MediaType, Is.EqualTo("application/problem+json"));
    }

    [Test]
    public async Task Form_post_binds_and_redirects_locally()
    {
        await using MicroWebTestHost host = StartShop();
        using HttpClient client = host.CreateClient(new MicroWebTestClientOptions { AllowAutoRedirect = false });
        using HttpResponseMessage response = await client.PostAsync("/it/form", new FormUrlEncodedContent([new("text", "four"), new("priority", "2")]));
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Found));
        Assert.That(response.Headers.Location!.OriginalString, Is.EqualTo("/it/items/4?p=2"));
    }

    [Test]
    public async Task Redirect_to_an_external_url_is_refused_with_a_500_not_followed()
    {
        await using MicroWebTestHost host = StartShop();
        using HttpClient client = host.CreateClient(new MicroWebTestClientOptions { AllowAutoRedirect = false });
        using HttpResponseMessage local = await client.GetAsync("/it/go?to=%2Fit%2Fsync-string");
        Assert.That(local.StatusCode, Is.EqualTo(HttpStatusCode.Found));
        using HttpResponseMessage external = await client.GetAsync("/it/go?to=https%3A%2F%2Fevil.example%2F");
        Assert.That(external.StatusCode, Is.EqualTo(HttpStatusCode.InternalServerError));
        Assert.That(external.Headers.Location, Is.Null);
    }

    [Test]
    public async Task File_upload_binds_a_FormFile()
    {
        await using MicroWebTestHost host = StartShop();
        using HttpClient client = host.CreateClient();
        using var content = new MultipartFormDataContent
        {
            { new StringContent("Notes"), "title" },
            { new ByteArrayContent("file body"u8.ToArray()), "file", "notes.txt" },
        };
        Assert.That(await (await client.PostAsync("/it/upload", content)).Content.ReadAsStringAsync(), Is.EqualTo("Notes: notes.txt 9 file body"));
    }

    [Test]
    public async Task Head_is_served_by_get_without_a_body()
    {
        await using MicroWebTestHost host = StartShop();
        await using MicroWebTestConnection connection = host.OpenConnection();
        await connection.SendAsync("HEAD /it/task-string HTTP/1.1\r\nHost: x\r\n\r\nGET /it/task-string HTTP/1.1\r\nHost: x\r\n\r\n");
        RawHttpResponse head = await connection.ReadResponseAsync(headRequest: true);
        RawHttpResponse get = await connection.ReadResponseAsync();
        Assert.That(head.StatusCode, Is.EqualTo(200));
        Assert.That(head.GetHeader("Content-Length"), Is.EqualTo(get.GetHeader("Content-Length")));
        Assert.That(head.GetHeader("Content-Type"), Is.EqualTo("text/plain; charset=utf-8"));
        Assert.That(get.BodyText, Is.EqualTo("awaited"));
    }

    [Test]
    public async Task Wrong_method_is_405_with_Allow_and_OPTIONS_is_204_with_Allow()
    {
        await using MicroWebTestHost host = StartShop();
        using HttpClient client = host.CreateClient();
        using HttpResponseMessage notAllowed = await client.PostAsync("/it/items/5", null);
        Assert.That(notAllowed.StatusCode, Is.EqualTo(HttpStatusCode.MethodNotAllowed));
        Assert.That(string.Join(", ", notAllowed.Content.Headers.Allow), Is.EqualTo("GET, HEAD, PUT, PATCH, OPTIONS"));
        using HttpResponseMessage options = await client.SendAsync(new HttpRequestMessage(HttpMethod.Options, "/it/items/5"));
        Assert.That(options.StatusCode, Is.EqualTo(HttpStatusCode.NoContent));
        Assert.That(string.Join(", ", options.Content.Headers.Allow), Is.EqualTo("GET, HEAD, PUT, PATCH, OPTIONS"));
        Assert.That(await (await client.PutAsync("/it/items/5", null)).Content.ReadAsStringAsync(), Is.EqualTo("updated 5"));
        Assert.That(await (await client.PatchAsync("/it/items/6", null)).Content.ReadAsStringAsync(), Is.EqualTo("updated 6"));
    }

    [Test]
    public async Task Route_attribute_action_answers_every_method()
    {
        await using MicroWebTestHost host = StartShop();
        using HttpClient client = host.CreateClient();
        Assert.That(await (await client.DeleteAsync("/it/any")).Content.ReadAsStringAsync(), Is.EqualTo("DELETE"));
        Assert.That(await (await client.PostAsync("/it/any", null)).Content.ReadAsStringAsync(), Is.EqualTo("POST"));
    }

    [Test]
    public async Task Unmatched_requests_fall_through_to_the_Run_handler_else_404()
    {
        await using (MicroWebTestHost host = StartShop(context => context.Response.WriteAsync("fallback " + context.Request.Path).AsTask()))
        {
            using HttpClient client = host.CreateClient();
            Assert.That(await client.GetStringAsync("/elsewhere"), Is.EqualTo("fallback /elsewhere"));
            Assert.That(await client.GetStringAsync("/it/sync-string"), Is.EqualTo("plain"));
            Assert.That(await client.GetStringAsync("/it/notanaction"), Is.EqualTo("fallback /it/notanaction"), "a method without a route attribute is not an action");
        }

        await using MicroWebTestHost bare = StartShop();
        using HttpClient bareClient = bare.CreateClient();
        Assert.That((await bareClient.GetAsync("/elsewhere")).StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
    }

    [Test]
    public async Task Middleware_runs_before_routing()
    {
        await using MicroWebTestHost host = Start(app =>
        {
            app.Use(async (context, next) =>
            {
                context.Response.Headers["X-Before"] = "yes";
                await next();
            });
            app.MapControllers(typeof(ShopController));
        });
        using HttpClient client = host.CreateClient();
        using HttpResponseMessage response = await client.GetAsync("/it/sync-string");
        Assert.That(response.Headers.GetValues("X-Before"), Is.EqualTo(new[] { "yes" }));
    }

    [Test]
    public async Task Bad_int_is_a_problem_json_400_for_json_clients()
    {
        await using MicroWebTestHost host = Start(app => app.MapGet("/orders/{id}", (int id) => id));
        using HttpClient client = host.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/orders/abc");
        request.Headers.Accept.ParseAdd("application/json");
        using HttpResponseMessage response = await client.SendAsync(request);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(response.Content.Headers.ContentType!.MediaType, Is.EqualTo("application/problem+json"));
        using JsonDocument problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.That(problem.RootElement.GetProperty("errors").GetProperty("id")[0].GetString(), Does.Contain("'abc'"));
    }

    [Test]
    public async Task MapGet_and_friends_bind_like_actions_and_share_the_table_with_controllers()
    {
        await using MicroWebTestHost host = Start(app =>
        {
            app.MapControllers(typeof(ShopController));
            app.MapGet("/hello", (string name, HitCounter counter) => $"hello {name} #{counter.Increment()}");
            app.MapPost("/sum", ([FromBody] int[] numbers) => numbers.Sum());
            app.MapPut("/put/{id:guid}", (Guid id) => id.ToString("N"));
            app.MapDelete("/del/{id:int}", (int id) => Results.NoContent());
            app.MapPatch("/patch", () => "patched");
            app.Map(["GET", "POST"], "/both", (HttpRequest request) => request.Method);
        });
        using HttpClient client = host.CreateClient();
        Assert.That(await client.GetStringAsync("/hello?name=ada"), Is.EqualTo("hello ada #1"));
        Assert.That(await (await client.PostAsJsonAsync("/sum", new[] { 1, 2, 3 })).Content.ReadAsStringAsync(), Is.EqualTo("6"));
        Assert.That(await (await client.PutAsync("/put/9f0c1d2e-3b4a-4c5d-8e6f-708192a3b4c5", null)).Content.ReadAsStringAsync(), Is.EqualTo("9f0c1d2e3b4a4c5d8e6f708192a3b4c5"));
        Assert.That((await client.DeleteAsync("/del/1")).StatusCode, Is.EqualTo(HttpStatusCode.NoContent));
        Assert.That(await (await client.PatchAsync("/patch", null)).Content.ReadAsStringAsync(), Is.EqualTo("patched"));
        Assert.That(await (await client.PostAsync("/both", null)).Content.ReadAsStringAsync(), Is.EqualTo("POST"));
        Assert.That(await client.GetStringAsync("/it/sync-string"), Is.EqualTo("plain"));
        Assert.That((await client.PostAsync("/hello", null)).StatusCode, Is.EqualTo(HttpStatusCode.MethodNotAllowed));
    }

    [Test]
    public async Task Ambiguous_routes_fail_at_startup_naming_both_actions()
    {
        await using MicroWebTestHost host = Start(app => app.MapControllers(typeof(AmbiguousAController), typeof(AmbiguousBController)));
        var e = Assert.Throws<InvalidOperationException>(() => _ = host.App);
        Assert.That(e!.Message, Does.Contain("AmbiguousAController.Get").And.Contain("AmbiguousBController.ByName"));
    }

    [Test]
    public async Task A_handler_that_returns_nothing_but_writes_the_response_keeps_it()
    {
        await using MicroWebTestHost host = Start(app =>
        {
            app.MapGet("/written", async (HttpContext context) => await context.Response.WriteAsync("hi"));
            app.MapGet("/status", (HttpContext context) => { context.Response.StatusCode = 202; });
            app.MapGet("/nothing", () => { });
        });
        using HttpClient client = host.CreateClient();
        using HttpResponseMessage written = await client.GetAsync("/written");
        using HttpResponseMessage status = await client.GetAsync("/status");
        using HttpResponseMessage nothing = await client.GetAsync("/nothing");
        Assert.That(written.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(await written.Content.ReadAsStringAsync(), Is.EqualTo("hi"));
        Assert.That(status.StatusCode, Is.EqualTo(HttpStatusCode.Accepted));
        Assert.That(nothing.StatusCode, Is.EqualTo(HttpStatusCode.NoContent));
    }

    [Test]
    public async Task Mapping_after_start_is_refused()
    {
        await using MicroWebTestHost host = StartShop();
        Assert.Throws<InvalidOperationException>(() => host.App.MapGet("/late", () => "late"));
    }

    [Test]
    public async Task View_whose_template_file_is_missing_is_a_500_naming_it()
    {
        await using MicroWebTestHost host = StartShop().CaptureLogs(out ListLoggerProvider logs);
        using HttpClient client = host.CreateClient();
        Assert.That((await client.GetAsync("/it/view")).StatusCode, Is.EqualTo(HttpStatusCode.InternalServerError));
        Assert.That(logs.Entries.Any(e => e.Exception?.Message.Contains("shop.html") == true), Is.True);
    }
}
