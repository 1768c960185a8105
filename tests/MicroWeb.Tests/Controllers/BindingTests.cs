using System.ComponentModel.DataAnnotations;
using System.Globalization;
using System.Text.Json;
using MicroWeb.Testing;
using MicroWeb.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace MicroWeb.Tests.Controllers;

public enum Color
{
    Red,
    Green,
    Blue,
}

public sealed record SignupForm(
    [property: Required, StringLength(10)] string? Name,
    [property: System.ComponentModel.DataAnnotations.Range(18, 130)] int Age,
    [property: EmailAddress] string? Email);

public sealed class SearchQuery
{
    public string? Term { get; set; }

    public int Page { get; set; } = 1;

    public List<string> Tags { get; set; } = [];
}

public sealed record NewUser(string Name, int Age);

/// <summary>Binding through the real parser, router and compiled endpoints, in memory: every source, type and failure.</summary>
public class BindingTests
{
    private static async Task<InMemoryResponse> Get(string template, Delegate handler, string target, params (string, string)[] headers)
    {
        using var http = new InMemoryHttp().Get(template, handler);
        return await http.SendAsync("GET", target, headers);
    }

    private static async Task<string> GetText(string template, Delegate handler, string target)
    {
        InMemoryResponse response = await Get(template, handler, target);
        Assert.That(response.StatusCode, Is.EqualTo(200), response.Body);
        return response.Body;
    }

    [Test]
    public async Task Route_value_binds_by_name_and_converts_to_int() =>
        Assert.That(await GetText("/users/{id:int}", (int id) => $"user {id + 1}", "/users/41"), Is.EqualTo("user 42"));

    [TestCase(typeof(byte), "255")]
    [TestCase(typeof(sbyte), "-128")]
    [TestCase(typeof(short), "-32768")]
    [TestCase(typeof(ushort), "65535")]
    [TestCase(typeof(int), "-7")]
    [TestCase(typeof(uint), "4294967295")]
    [TestCase(typeof(long), "-9223372036854775808")]
    [TestCase(typeof(ulong), "18446744073709551615")]
    [TestCase(typeof(float), "1.5")]
    [TestCase(typeof(double), "-2.25")]
    [TestCase(typeof(decimal), "79228162514264337593543950335")]
    [TestCase(typeof(Guid), "9f0c1d2e-3b4a-4c5d-8e6f-708192a3b4c5")]
    [TestCase(typeof(DateOnly), "2024-02-29", "02/29/2024")]
    [TestCase(typeof(TimeOnly), "13:45:10", "13:45")]
    [TestCase(typeof(TimeSpan), "01:02:03")]
    public async Task Simple_types_bind_from_the_query_with_the_invariant_culture(Type type, string text, string? expected = null)
    {
        CultureInfo previous = CultureInfo.CurrentCulture;
        CultureInfo.CurrentCulture = new CultureInfo("de-DE");
        try
        {
            Delegate handler = (Delegate)typeof(BindingTests).GetMethod(nameof(Echo), System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Static)!
                .MakeGenericMethod(type).Invoke(null, null)!;
            string body = await GetText("/echo", handler, "/echo?v=" + Uri.EscapeDataString(text));
            Assert.That(body, Is.EqualTo(expected ?? text));
        }
        finally
        {
            CultureInfo.CurrentCulture = previous;
        }
    }

    private static Func<T, string> Echo<T>() => v => string.Format(CultureInfo.InvariantCulture, "{0}", v);

    [TestCase("true", "True")]
    [TestCase("FALSE", "False")]
    [TestCase("on", "True")]
    public async Task Bool_accepts_true_false_and_the_checkbox_on(string text, string expected) =>
        Assert.That(await GetText("/b", (bool v) => v.ToString(), "/b?v=" + text), Is.EqualTo(expected));

    [Test]
    public async Task DateTime_with_Z_is_utc_and_DateTimeOffset_without_offset_is_utc()
    {
        Assert.That(await GetText("/d", (DateTime v) => $"{v:O}|{v.Kind}", "/d?v=2024-01-02T03:04:05Z"), Is.EqualTo("2024-01-02T03:04:05.0000000Z|Utc"));
        Assert.That(await GetText("/o", (DateTimeOffset v) => v.Offset.ToString(), "/o?v=2024-01-02T03:04:05"), Is.EqualTo("00:00:00"));
    }

    [TestCase("green", "Green")]
    [TestCase("BLUE", "Blue")]
    [TestCase("0", "Red")]
    public async Task Enum_binds_by_name_ignoring_case_or_by_number(string text, string expected) =>
        Assert.That(await GetText("/c", (Color c) => c.ToString(), "/c?c=" + text), Is.EqualTo(expected));

    [TestCase("purple")]
    [TestCase("7")]
    public async Task Enum_value_that_is_not_defined_is_a_400_listing_the_names(string text)
    {
        InMemoryResponse response = await Get("/c", (Color c) => c.ToString(), "/c?c=" + text);
        Assert.That(response.StatusCode, Is.EqualTo(400));
        Assert.That(response.Body, Does.Contain("'c'").And.Contain("Red, Green, Blue"));
    }

    [Test]
    public async Task Nullable_and_defaulted_parameters_take_null_or_the_default_when_missing()
    {
        Assert.That(await GetText("/n", (int? page, string? q, int size = 20, Color color = Color.Blue) => $"{page?.ToString() ?? "null"}|{q ?? "null"}|{size}|{color}", "/n"),
            Is.EqualTo("null|null|20|Blue"));
        Assert.That(await GetText("/n", (int? page) => page?.ToString() ?? "null", "/n?page="), Is.EqualTo("null"));
    }

    [Test]
    public async Task Multi_valued_query_binds_arrays_lists_and_enumerables()
    {
        Assert.That(await GetText("/a", (int[] id, List<string> tag, IEnumerable<Color> c) => $"{string.Join(",", id)}|{string.Join(",", tag)}|{string.Join(",", c)}",
            "/a?id=1&id=2&tag=x&tag=y&c=red&c=2"), Is.EqualTo("1,2|x,y|Red,Blue"));
        Assert.That(await GetText("/a", (int[] id) => id.Length.ToString(), "/a"), Is.EqualTo("0"));
    }

    [Test]
    public async Task Value_that_does_not_convert_is_a_400_naming_the_parameter_and_value()
    {
        InMemoryResponse response = await Get("/p", (int page) => "unreachable", "/p?page=abc");
        Assert.That(response.StatusCode, Is.EqualTo(400));
        Assert.That(response.ContentType, Does.StartWith("text/plain"));
        Assert.That(response.Body, Does.Contain("'abc'").And.Contain("'page'").And.Contain("int"));
    }

    [Test]
    public async Task Missing_required_values_are_a_400_naming_each_parameter()
    {
        InMemoryResponse response = await Get("/p", (int page, string name) => "unreachable", "/p");
        Assert.That(response.StatusCode, Is.EqualTo(400));
        Assert.That(response.Body, Does.Contain("'page' is required").And.Contain("'name' is required"));
    }

    [Test]
    public async Task Empty_string_is_a_value_for_a_string_but_missing_for_an_int()
    {
        Assert.That(await GetText("/s", (string name) => $"[{name}]", "/s?name="), Is.EqualTo("[]"));
        Assert.That((await Get("/s", (int n) => "unreachable", "/s?n=")).StatusCode, Is.EqualTo(400));
    }

    [Test]
    public async Task Bad_value_with_Accept_json_is_problem_json_per_rfc_9457()
    {
        InMemoryResponse response = await Get("/users/{id}", (int id) => "unreachable", "/users/abc", ("Accept", "application/json"));
        Assert.That(response.StatusCode, Is.EqualTo(400));
        Assert.That(response.ContentType, Does.StartWith("application/problem+json"));
        using JsonDocument problem = JsonDocument.Parse(response.Body);
        JsonElement root = problem.RootElement;
        Assert.That(root.GetProperty("status").GetInt32(), Is.EqualTo(400));
        Assert.That(root.GetProperty("title").GetString(), Is.EqualTo("Bad Request"));
        Assert.That(root.GetProperty("type").GetString(), Does.StartWith("https://"));
        Assert.That(root.GetProperty("detail").GetString(), Does.Contain("'id'"));
        Assert.That(root.GetProperty("errors").GetProperty("id")[0].GetString(), Does.Contain("'abc'"));
    }

    [Test]
    public async Task Route_value_beats_query_which_beats_form()
    {
        using var http = new InMemoryHttp().Map("GET,POST", "/x/{id}", (string id, string name) => $"{id}|{name}");
        InMemoryResponse response = await http.SendAsync("POST", "/x/route?id=query&name=query", "application/x-www-form-urlencoded", "id=form&name=form");
        Assert.That(response.Body, Is.EqualTo("route|query"));
        response = await http.SendAsync("POST", "/x/route", "application/x-www-form-urlencoded", "name=form");
        Assert.That(response.Body, Is.EqualTo("route|form"));
    }

    [Test]
    public async Task Explicit_sources_use_their_names()
    {
        using var http = new InMemoryHttp().Map("POST", "/e/{key}", (
            [FromRoute(Name = "key")] string routeValue,
            [FromQuery(Name = "q")] string term,
            [FromForm(Name = "field")] int number,
            [FromHeader(Name = "X-Trace-Id")] Guid trace,
            [FromCookie(Name = "session")] string session) => $"{routeValue}|{term}|{number}|{trace}|{session}");
        InMemoryResponse response = await http.SendAsync("POST", "/e/k1?q=search", "application/x-www-form-urlencoded", "field=7",
            ("X-Trace-Id", "9f0c1d2e-3b4a-4c5d-8e6f-708192a3b4c5"), ("Cookie", "session=abc; other=1"));
        Assert.That(response.Body, Is.EqualTo("k1|search|7|9f0c1d2e-3b4a-4c5d-8e6f-708192a3b4c5|abc"));
    }

    [Test]
    public async Task Missing_required_header_is_a_400_naming_the_header_source()
    {
        InMemoryResponse response = await Get("/h", ([FromHeader(Name = "X-Api-Key")] string key) => key, "/h");
        Assert.That(response.StatusCode, Is.EqualTo(400));
        Assert.That(response.Body, Does.Contain("'key'").And.Contain("header"));
    }

    [Test]
    public async Task Query_source_ignores_the_form_and_form_source_ignores_the_query()
    {
        using var http = new InMemoryHttp().Post("/f", ([FromQuery] string? a, [FromForm] string? b) => $"{a ?? "null"}|{b ?? "null"}");
        InMemoryResponse response = await http.SendAsync("POST", "/f?b=query", "application/x-www-form-urlencoded", "a=form");
        Assert.That(response.Body, Is.EqualTo("null|null"));
    }

    [Test]
    public async Task Model_binds_from_an_urlencoded_form_through_its_constructor_and_validates()
    {
        using var http = new InMemoryHttp().Post("/signup", (SignupForm form, ModelStateDictionary state) =>
            $"{form.Name}|{form.Age}|{form.Email}|{state.IsValid}|{string.Join(";", state.Keys.Order())}");
        InMemoryResponse ok = await http.SendAsync("POST", "/signup", "application/x-www-form-urlencoded", "name=Ada&age=36&email=ada%40example.org");
        Assert.That(ok.Body, Is.EqualTo("Ada|36|ada@example.org|True|"));

        InMemoryResponse invalid = await http.SendAsync("POST", "/signup", "application/x-www-form-urlencoded", "name=Bartholomew+the+Long&age=12&email=nope");
        Assert.That(invalid.StatusCode, Is.EqualTo(200), "validation errors do not stop the action");
        Assert.That(invalid.Body, Does.EndWith("|False|Age;Email;Name"));
    }

    [Test]
    public async Task Model_field_that_does_not_convert_is_a_400_naming_the_field()
    {
        using var http = new InMemoryHttp().Post("/signup", (SignupForm form) => "unreachable");
        InMemoryResponse response = await http.SendAsync("POST", "/signup", "application/x-www-form-urlencoded", "name=Ada&age=old");
        Assert.That(response.StatusCode, Is.EqualTo(400));
        Assert.That(response.Body, Does.Contain("'Age'").And.Contain("'old'"));
    }

    [Test]
    public async Task Model_binds_from_the_query_on_a_request_without_a_body()
    {
        string body = await GetText("/search", (SearchQuery q) => $"{q.Term}|{q.Page}|{string.Join(",", q.Tags)}", "/search?term=cats&tags=a&tags=b");
        Assert.That(body, Is.EqualTo("cats|1|a,b"));
    }

    [Test]
    public async Task Required_validation_fills_ModelState_for_a_missing_model_field()
    {
        using var http = new InMemoryHttp().Post("/signup", (SignupForm form, ModelStateDictionary state) => state.GetError("name") ?? "none");
        InMemoryResponse response = await http.SendAsync("POST", "/signup", "application/x-www-form-urlencoded", "age=30");
        Assert.That(response.Body, Does.Contain("Name").And.Contain("required"));
    }

    [Test]
    public async Task Parameter_validation_attributes_fill_ModelState()
    {
        string body = await GetText("/v", ([System.ComponentModel.DataAnnotations.Range(1, 10)] int page, ModelStateDictionary state) => $"{page}|{state.GetError("page")}", "/v?page=11");
        Assert.That(body, Does.StartWith("11|").And.Contain("between 1 and 10"));
    }

    [Test]
    public async Task Json_body_binds_case_insensitively_for_complex_and_FromBody_parameters()
    {
        using var http = new InMemoryHttp()
            .Post("/users", (NewUser user) => $"{user.Name}|{user.Age}")
            .Post("/explicit", ([FromBody] NewUser user) => $"{user.Name}|{user.Age}");
        Assert.That((await http.SendAsync("POST", "/users", "application/json", """{"NAME":"Ada","age":36}""")).Body, Is.EqualTo("Ada|36"));
        Assert.That((await http.SendAsync("POST", "/explicit", "application/json; charset=utf-8", """{"name":"Grace","age":"85"}""")).Body, Is.EqualTo("Grace|85"));
    }

    [Test]
    public async Task Malformed_json_is_a_400_problem_json_because_the_body_was_json()
    {
        using var http = new InMemoryHttp().Post("/users", ([FromBody] NewUser user) => "unreachable");
        InMemoryResponse response = await http.SendAsync("POST", "/users", "application/json", """{"name":""");
        Assert.That(response.StatusCode, Is.EqualTo(400));
        Assert.That(response.ContentType, Does.StartWith("application/problem+json"));
        Assert.That(response.Body, Does.Contain("The JSON body for 'user' is not valid JSON at line 1, position 9."));
    }

    [Test]
    public async Task Missing_json_body_for_a_required_parameter_is_a_400_and_optional_gets_null()
    {
        using var http = new InMemoryHttp()
            .Post("/required", ([FromBody] NewUser user) => "unreachable")
            .Post("/optional", ([FromBody] NewUser? user) => user is null ? "none" : "some");
        InMemoryResponse required = await http.SendAsync("POST", "/required", "application/json", "");
        Assert.That(required.StatusCode, Is.EqualTo(400));
        Assert.That(required.Body, Does.Contain("'user'").And.Contain("required"));
        Assert.That((await http.SendAsync("POST", "/optional", "application/json", "")).Body, Is.EqualTo("none"));
    }

    [Test]
    public async Task Body_that_is_not_json_is_a_415()
    {
        using var http = new InMemoryHttp().Post("/users", ([FromBody] NewUser user) => "unreachable");
        InMemoryResponse response = await http.SendAsync("POST", "/users", "text/plain", "Ada");
        Assert.That(response.StatusCode, Is.EqualTo(415));
        Assert.That(response.Body, Does.Contain("application/json"));
    }

    [Test]
    public async Task Json_body_is_validated_into_ModelState()
    {
        using var http = new InMemoryHttp().Post("/signup", ([FromBody] SignupForm form, ModelStateDictionary state) => state.IsValid ? "valid" : string.Join(";", state.Keys.Order()));
        Assert.That((await http.SendAsync("POST", "/signup", "application/json", """{"name":"Ada","age":5}""")).Body, Is.EqualTo("Age"));
    }

    [Test]
    public async Task A_query_model_and_a_json_body_model_bind_in_one_handler()
    {
        using var http = new InMemoryHttp().Post("/users", ([FromQuery] SearchQuery query, NewUser user) => $"{query.Term}|{query.Page}|{user.Name}|{user.Age}");
        InMemoryResponse response = await http.SendAsync("POST", "/users?term=cats&page=2", "application/json", """{"name":"Ada","age":36}""");
        Assert.That(response.StatusCode, Is.EqualTo(200), response.Body);
        Assert.That(response.Body, Is.EqualTo("cats|2|Ada|36"));
    }

    [Test]
    public void Two_models_that_could_both_read_the_body_fail_at_startup_naming_both()
    {
        var error = StartupError(app => app.Map(["POST"], "/users", (NewUser first, SignupForm second) => "unreachable"));
        Assert.That(error?.Message, Does.Contain("'first' and 'second' could both read the request body").And.Contain("[FromQuery]"));
    }

    [Test]
    public async Task Multipart_form_binds_fields_a_single_file_and_a_list_of_files()
    {
        using var http = new InMemoryHttp().Post("/upload", async (string title, FormFile cover, IReadOnlyList<FormFile> pages) =>
        {
            using var reader = new StreamReader(cover.OpenReadStream());
            return $"{title}|{cover.FileName}|{await reader.ReadToEndAsync()}|{pages.Count}";
        });
        using var content = new MultipartFormDataContent
        {
            { new StringContent("Notes"), "title" },
            { new ByteArrayContent("cover!"u8.ToArray()), "cover", "cover.txt" },
            { new ByteArrayContent("1"u8.ToArray()), "pages", "1.txt" },
            { new ByteArrayContent("2"u8.ToArray()), "pages", "2.txt" },
        };
        InMemoryResponse response = await http.SendAsync("POST", "/upload", content.Headers.ContentType!.ToString(), await content.ReadAsByteArrayAsync());
        Assert.That(response.Body, Is.EqualTo("Notes|cover.txt|cover!|2"));
    }

    [Test]
    public async Task Missing_required_file_is_a_400_naming_it()
    {
        using var http = new InMemoryHttp().Post("/upload", (FormFile cover) => "unreachable");
        InMemoryResponse response = await http.SendAsync("POST", "/upload", "application/x-www-form-urlencoded", "x=1");
        Assert.That(response.StatusCode, Is.EqualTo(400));
        Assert.That(response.Body, Does.Contain("'cover'"));
    }

    [Test]
    public async Task Malformed_form_is_a_400_not_a_500()
    {
        using var http = new InMemoryHttp().Post("/f", (string name) => "unreachable");
        InMemoryResponse response = await http.SendAsync("POST", "/f", "multipart/form-data; boundary=xyz", "--nope\r\n");
        Assert.That(response.StatusCode, Is.EqualTo(400));
    }

    [Test]
    public async Task Context_objects_are_injected_directly()
    {
        string body = await GetText("/ctx/{id}", (HttpContext context, HttpRequest request, HttpResponse response, CancellationToken aborted, RouteValues values) =>
            $"{ReferenceEquals(context.Request, request)}|{ReferenceEquals(context.Response, response)}|{aborted.CanBeCanceled}|{values["id"]}", "/ctx/7");
        Assert.That(body, Is.EqualTo("True|True|True|7"), "the token is the connection's RequestAborted");
    }

    public interface IGreeter
    {
        string Greet(string name);
    }

    private sealed class Greeter : IGreeter
    {
        public string Greet(string name) => "hello " + name;
    }

    [Test]
    public async Task Services_bind_with_FromServices_or_by_being_registered()
    {
        using var http = new InMemoryHttp(s => s.AddScoped<IGreeter, Greeter>())
            .Get("/a/{name}", (string name, IGreeter greeter) => greeter.Greet(name))
            .Get("/b/{name}", (string name, [FromServices] IGreeter greeter) => greeter.Greet(name));
        Assert.That((await http.SendAsync("GET", "/a/ada")).Body, Is.EqualTo("hello ada"));
        Assert.That((await http.SendAsync("GET", "/b/bob")).Body, Is.EqualTo("hello bob"));
    }

    /// <summary>Builds an app with one mapping; mapping errors are startup errors, thrown when the app is built.</summary>
    private static InvalidOperationException? StartupError(Action<MicroWebApp> map)
    {
        var host = MicroWebTestHost.Create(builder => builder.Logging.ClearProviders(), map);
        try
        {
            return Assert.Throws<InvalidOperationException>(() => _ = host.App);
        }
        finally
        {
            host.DisposeAsync().AsTask().GetAwaiter().GetResult();
        }
    }

    [Test]
    public void Unregistered_interface_parameter_fails_at_startup_naming_it()
    {
        var e = StartupError(app => app.MapGet("/x", (IGreeter greeter) => "x"));
        Assert.That(e!.Message, Does.Contain("'greeter'").And.Contain("IGreeter"));
    }

    [Test]
    public void FromRoute_naming_a_parameter_the_template_lacks_fails_at_startup()
    {
        var e = StartupError(app => app.MapGet("/x/{id}", ([FromRoute(Name = "key")] string key) => key));
        Assert.That(e!.Message, Does.Contain("'key'").And.Contain("/x/{id}"));
    }

    [Test]
    public void Two_parameters_that_could_read_the_body_fail_at_startup_naming_both()
    {
        var e = StartupError(app => app.MapPost("/x", (NewUser a, [FromBody] NewUser b) => "x"));
        Assert.That(e!.Message, Does.Contain("'a'").And.Contain("'b'"));
    }
}

/// <summary>What each return shape of an action or handler becomes.</summary>
public class ReturnShapeTests
{
    private static async Task<InMemoryResponse> Get(Delegate handler)
    {
        using var http = new InMemoryHttp().Get("/r", handler);
        return await http.SendAsync("GET", "/r");
    }

    [Test]
    public async Task String_is_text_plain_utf8()
    {
        InMemoryResponse response = await Get(() => "héllo");
        Assert.That((response.StatusCode, response.ContentType, response.Body), Is.EqualTo((200, "text/plain; charset=utf-8", "héllo")));
    }

    [Test]
    public async Task Object_is_camel_case_json()
    {
        InMemoryResponse response = await Get(() => new NewUser("Ada", 36));
        Assert.That((response.ContentType, response.Body), Is.EqualTo(("application/json; charset=utf-8", """{"name":"Ada","age":36}""")));
    }

    [Test]
    public async Task Value_type_is_json() => Assert.That((await Get(() => 42)).Body, Is.EqualTo("42"));

    [Test]
    public async Task Void_task_and_null_are_204()
    {
        Assert.That((await Get(() => { })).StatusCode, Is.EqualTo(204));
        Assert.That((await Get(() => Task.CompletedTask)).StatusCode, Is.EqualTo(204));
        Assert.That((await Get(async () => await Task.Yield())).StatusCode, Is.EqualTo(204));
        Assert.That((await Get(() => new ValueTask())).StatusCode, Is.EqualTo(204));
        Assert.That((await Get(() => (string?)null)).StatusCode, Is.EqualTo(204));
    }

    [Test]
    public async Task Awaited_values_map_like_synchronous_ones()
    {
        Assert.That((await Get(async () => { await Task.Yield(); return "later"; })).Body, Is.EqualTo("later"));
        Assert.That((await Get(() => new ValueTask<NewUser>(new NewUser("Ada", 1)))).Body, Is.EqualTo("""{"name":"Ada","age":1}"""));
        Assert.That((await Get(async () => { await Task.Yield(); return Results.StatusCode(418); })).StatusCode, Is.EqualTo(418));
        Assert.That((await Get(() => Task.FromResult(Results.NotFound()))).StatusCode, Is.EqualTo(404));
    }

    [Test]
    public async Task Json_uses_registered_JsonOptions()
    {
        var options = new JsonOptions();
        options.SerializerOptions.PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower;
        using var http = new InMemoryHttp(s => s.AddSingleton(options)).Get("/r", () => new { FirstName = "Ada" });
        Assert.That((await http.SendAsync("GET", "/r")).Body, Is.EqualTo("""{"first_name":"Ada"}"""));
    }
}
