using System.Net;
using System.Text;
using System.Text.Json;
using MicroWeb.Tests.Support;

namespace MicroWeb.Tests.HttpResults;

/// <summary>A problem-details controller: the helpers read the request's model state.</summary>
public sealed class ProblemDetailsController : Controller
{
    [HttpGet("/controller/problem")]
    public IResult Fail() => Problem("The board is read-only today.", 503, type: "https://board.test/problems/read-only");

    [HttpGet("/controller/invalid")]
    public IResult Invalid()
    {
        ModelState.AddModelError("title", "Enter a title.");
        ModelState.AddModelError("title", "Keep it under 80 characters.");
        ModelState.AddModelError("body", "Enter a message.");
        return ValidationProblem(statusCode: 422);
    }
}

/// <summary>RFC 9457 documents from results, controllers, binding failures, the status-code pages and the exception handler: one shape, one trace id.</summary>
public sealed class ProblemDetailsTests
{
    private TestServer _server = null!;
    private HttpClient _client = null!;

    [OneTimeSetUp]
    public async Task Start()
    {
        _server = await TestServer.StartAsync(
            handler: null,
            configurePipeline: app =>
            {
                app.UseExceptionHandler();
                app.UseStatusCodePages();
                app.MapGet("/problem", (HttpContext context) => Results.Problem(context.TraceIdentifier, 409, "Edit conflict", "https://board.test/problems/conflict",
                    "/messages/7", new Dictionary<string, object?> { ["currentVersion"] = 3, ["editedBy"] = new[] { "ada" } }));
                app.MapGet("/problem/default", () => Results.Problem());
                app.MapGet("/invalid", () => Results.ValidationProblem(new Dictionary<string, IReadOnlyList<string>> { ["email"] = ["Enter an email address."] }));
                app.MapGet("/number", (int n) => n.ToString(System.Globalization.CultureInfo.InvariantCulture));
                app.MapGet("/bad", string () => throw new BadHttpRequestException("The 'page' value is not a number.", 422));
                app.MapGet("/missing", () => Results.NotFound());
                app.MapControllers(typeof(ProblemDetailsController));
            },
            args: ["--environment", "Production"]);
        _client = _server.CreateClient();
    }

    [OneTimeTearDown]
    public async Task Stop()
    {
        _client.Dispose();
        await _server.DisposeAsync();
    }

    private async Task<(HttpResponseMessage Response, JsonElement Problem)> GetProblemAsync(string path, string accept = "application/json")
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.TryAddWithoutValidation("Accept", accept);
        var response = await _client.SendAsync(request);
        Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/problem+json"), path);
        using var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return (response, document.RootElement.Clone());
    }

    private static string[] Members(JsonElement problem) => [.. problem.EnumerateObject().Select(p => p.Name)];

    [Test]
    public async Task ProblemDetails_Results_Problem_writes_every_member_the_extensions_and_the_requests_trace_id()
    {
        var (response, problem) = await GetProblemAsync("/problem");
        using (response)
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Conflict));
            Assert.That(Members(problem), Is.EqualTo(new[] { "type", "title", "status", "detail", "instance", "currentVersion", "editedBy", "traceId" }));
            Assert.That((problem.GetProperty("type").GetString(), problem.GetProperty("title").GetString(), problem.GetProperty("status").GetInt32(),
                    problem.GetProperty("instance").GetString(), problem.GetProperty("currentVersion").GetInt32(), problem.GetProperty("editedBy")[0].GetString()),
                Is.EqualTo(("https://board.test/problems/conflict", "Edit conflict", 409, "/messages/7", 3, "ada")));
            // The handler put its HttpContext.TraceIdentifier in the detail: the document's traceId is that id.
            Assert.That(problem.GetProperty("traceId").GetString(), Is.EqualTo(problem.GetProperty("detail").GetString()).And.Not.Empty);
        }
    }

    [Test]
    public async Task ProblemDetails_Results_Problem_defaults_to_500_about_blank_with_the_reason_phrase()
    {
        var (response, problem) = await GetProblemAsync("/problem/default");
        using (response)
        {
            Assert.That((response.StatusCode, Members(problem), problem.GetProperty("type").GetString(), problem.GetProperty("title").GetString()),
                Is.EqualTo((HttpStatusCode.InternalServerError, new[] { "type", "title", "status", "traceId" }, "about:blank", "Internal Server Error")));
        }
    }

    [Test]
    public async Task ProblemDetails_ValidationProblem_lists_the_errors_by_field()
    {
        var (response, problem) = await GetProblemAsync("/invalid");
        using (response)
        {
            Assert.That((response.StatusCode, problem.GetProperty("title").GetString(), problem.GetProperty("errors").GetProperty("email")[0].GetString()),
                Is.EqualTo((HttpStatusCode.BadRequest, "One or more validation errors occurred.", "Enter an email address.")));
            Assert.That(problem.GetProperty("traceId").GetString(), Is.Not.Empty);
        }
    }

    [Test]
    public async Task ProblemDetails_controller_helpers_use_the_model_state()
    {
        var (invalid, errors) = await GetProblemAsync("/controller/invalid");
        var (failed, problem) = await GetProblemAsync("/controller/problem");
        using (invalid)
        using (failed)
        {
            Assert.That((invalid.StatusCode, errors.GetProperty("errors").GetProperty("title").GetArrayLength(), errors.GetProperty("errors").GetProperty("body")[0].GetString(),
                    errors.GetProperty("type").GetString()),
                Is.EqualTo(((HttpStatusCode)422, 2, "Enter a message.", "https://www.rfc-editor.org/rfc/rfc9110#section-15.5.21")));
            Assert.That((failed.StatusCode, problem.GetProperty("detail").GetString(), problem.GetProperty("title").GetString()),
                Is.EqualTo((HttpStatusCode.ServiceUnavailable, "The board is read-only today.", "Service Unavailable")));
        }
    }

    [Test]
    public async Task ProblemDetails_binding_failures_carry_the_trace_id_too()
    {
        var (response, problem) = await GetProblemAsync("/number?n=abc");
        using (response)
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
            Assert.That(Members(problem), Is.EqualTo(new[] { "type", "title", "status", "detail", "errors", "traceId" }));
            Assert.That(problem.GetProperty("errors").GetProperty("n")[0].GetString(), Does.Contain("abc"));
        }
    }

    [Test]
    public async Task ProblemDetails_status_code_pages_have_the_same_shape()
    {
        var (response, problem) = await GetProblemAsync("/missing");
        using (response)
        {
            Assert.That((response.StatusCode, Members(problem), problem.GetProperty("title").GetString()),
                Is.EqualTo((HttpStatusCode.NotFound, new[] { "type", "title", "status", "traceId" }, "Not Found")));
        }
    }

    [Test]
    public async Task ProblemDetails_a_BadHttpRequestException_is_negotiated()
    {
        var (response, problem) = await GetProblemAsync("/bad");
        using (response)
        {
            Assert.That((response.StatusCode, problem.GetProperty("title").GetString(), problem.GetProperty("detail").GetString()),
                Is.EqualTo(((HttpStatusCode)422, "Unprocessable Content", "The 'page' value is not a number.")));
            Assert.That(problem.GetProperty("traceId").GetString(), Is.Not.Empty);
            Assert.That(response.Headers.Vary, Does.Contain("Accept"));
        }

        using var text = new HttpClient { BaseAddress = _server.BaseAddress };
        using var plain = await text.GetAsync("/bad");
        Assert.That((plain.StatusCode, plain.Content.Headers.ContentType?.MediaType, await plain.Content.ReadAsStringAsync()),
            Is.EqualTo(((HttpStatusCode)422, "text/plain", "The 'page' value is not a number.")));
    }

    [Test]
    public void ProblemDetails_an_extension_may_not_repeat_a_member()
    {
        Assert.Multiple(() =>
        {
            foreach (var name in new[] { "type", "status", "traceId", "errors" })
            {
                Assert.That(() => Results.Problem(extensions: new Dictionary<string, object?> { [name] = 1 }), Throws.ArgumentException.With.Message.Contains(name));
            }
            Assert.That(() => Results.Problem(statusCode: 200), Throws.TypeOf<ArgumentOutOfRangeException>());
        });
    }

    [Test]
    public void ProblemDetails_text_is_escaped_as_JSON_and_stays_readable()
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>();
        MicroWeb.Http.ProblemDetailsWriter.Write(buffer, new MicroWeb.Http.ProblemDocument(400, Detail: "Say \"hi\" — <b>\u0001"), "00-abc", JsonSerializerOptions.Default);

        Assert.That(Encoding.UTF8.GetString(buffer.WrittenSpan),
            Is.EqualTo("{\"type\":\"about:blank\",\"title\":\"Bad Request\",\"status\":400,\"detail\":\"Say \\\"hi\\\" — <b>\\u0001\",\"traceId\":\"00-abc\"}"));
    }
}
