using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using MicroWeb.Middleware;
using MicroWeb.Tests.Support;

namespace MicroWeb.Tests.Middleware;

public class ExceptionHandlerTests
{
    private const string HostileMessage = "boom <script>alert(1)</script> & more";

    private static Task Throw(HttpContext context) => throw new InvalidOperationException(HostileMessage);

    private static Task<InMemoryServer> StartAsync(RequestDelegate handler, string environment, ExceptionHandlerOptions? options = null) =>
        InMemoryServer.StartAsync(handler,
            configureServices: services => services.AddSingleton(new MicroWebEnvironment(environment, Directory.GetCurrentDirectory())),
            configurePipeline: app => app.UseExceptionHandler(options));

    /// <summary>The same app on a real socket, for what only the wire shows (a truncated response).</summary>
    private static Task<TestServer> StartOnSocketAsync(RequestDelegate handler, string environment) =>
        TestServer.StartAsync(handler,
            configureServices: services => services.AddSingleton(new MicroWebEnvironment(environment, Directory.GetCurrentDirectory())),
            configurePipeline: app => app.UseExceptionHandler());

    [Test]
    public async Task Development_shows_an_escaped_page_with_type_message_stack_trace_and_request_line()
    {
        await using var server = await StartAsync(Throw, MicroWebEnvironment.Development);
        using var client = server.CreateClient();
        using var response = await client.GetAsync("/fail?q=%3Cb%3E");
        var html = await response.Content.ReadAsStringAsync();
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.InternalServerError));
        Assert.That(response.Content.Headers.ContentType!.MediaType, Is.EqualTo("text/html"));
        Assert.That(html, Does.Contain("System.InvalidOperationException"));
        Assert.That(html, Does.Contain("boom &lt;script&gt;alert(1)&lt;/script&gt; &amp; more"));
        Assert.That(html, Does.Not.Contain("<script>"));
        Assert.That(html, Does.Contain(nameof(Throw)), "the stack trace names the throwing method");
        Assert.That(html, Does.Contain("GET /fail?q=%3Cb%3E HTTP/1.1"));
    }

    [Test]
    public async Task Production_sends_a_plain_500_without_details_and_logs_the_exception_with_the_request_id()
    {
        await using var server = await StartAsync(Throw, MicroWebEnvironment.Production);
        using var client = server.CreateClient();
        using var response = await client.GetAsync("/fail");
        var body = await response.Content.ReadAsStringAsync();
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.InternalServerError));
        Assert.That(body, Is.EqualTo("500 Internal Server Error"));
        Assert.That(body, Does.Not.Contain("boom").And.Not.Contain(nameof(Throw)).And.Not.Contain(" at "));
        Assert.That(response.Headers.CacheControl!.NoStore, Is.True);

        var entry = server.Logs.Entries.Single(e => e.Category == "MicroWeb.ExceptionHandler" && e.Level == LogLevel.Error);
        Assert.That(entry.Exception, Is.InstanceOf<InvalidOperationException>());
        Assert.That(entry.Message, Does.Contain("GET /fail").And.Match(@"request [0-9A-F]+:[0-9A-F]{8}"));
    }

    [Test]
    public async Task Production_uses_the_configured_handler_and_falls_back_to_the_plain_page_when_it_throws()
    {
        var options = new ExceptionHandlerOptions
        {
            Handler = (context, exception) => context.Request.Path == "/twice"
                ? throw new InvalidOperationException("handler failed")
                : context.Response.WriteAsync("sorry: " + exception.GetType().Name).AsTask(),
        };
        await using var server = await StartAsync(Throw, MicroWebEnvironment.Production, options);
        using var client = server.CreateClient();
        using (var response = await client.GetAsync("/once"))
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.InternalServerError));
            Assert.That(await response.Content.ReadAsStringAsync(), Is.EqualTo("sorry: InvalidOperationException"));
        }
        using (var response = await client.GetAsync("/twice"))
            Assert.That(await response.Content.ReadAsStringAsync(), Is.EqualTo("500 Internal Server Error"));
    }

    private static async Task<HttpResponseMessage> GetAsync(HttpClient client, string path, string accept)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.TryAddWithoutValidation("Accept", accept);
        return await client.SendAsync(request);
    }

    [Test]
    public async Task Production_negotiates_the_500_page_from_Accept_without_details()
    {
        await using var server = await StartAsync(Throw, MicroWebEnvironment.Production);
        using var client = server.CreateClient();
        using (var response = await GetAsync(client, "/fail", "text/html,application/xhtml+xml,*/*;q=0.8"))
        {
            var html = await response.Content.ReadAsStringAsync();
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.InternalServerError));
            Assert.That(response.Content.Headers.ContentType!.MediaType, Is.EqualTo("text/html"));
            Assert.That(html, Does.Contain("<h1>500 Internal Server Error</h1>").And.Contain("Something went wrong on the server."));
            Assert.That(html, Does.Not.Contain("boom").And.Not.Contain(nameof(Throw)));
            Assert.That(response.Headers.CacheControl!.NoStore, Is.True);
        }
        using (var response = await GetAsync(client, "/fail", "application/json"))
        {
            Assert.That(response.Content.Headers.ContentType!.MediaType, Is.EqualTo("application/problem+json"));
            var body = await response.Content.ReadAsStringAsync();
            using var problem = System.Text.Json.JsonDocument.Parse(body);
            Assert.That(problem.RootElement.GetProperty("status").GetInt32(), Is.EqualTo(500));
            Assert.That(problem.RootElement.GetProperty("title").GetString(), Is.EqualTo("Internal Server Error"));
            Assert.That(body, Does.Not.Contain("boom"));
            var logged = server.Logs.Entries.Last(e => e.Category == "MicroWeb.ExceptionHandler").Message;
            Assert.That(logged, Does.Contain("request " + problem.RootElement.GetProperty("traceId").GetString()), "the problem's trace id is the one in the log");
        }
    }

    [Test]
    public async Task Production_renders_the_500_page_from_the_template_and_errors_500_html_wins()
    {
        using var root = new TempDirectory();
        root.Write("templates/layout.html", "<main><<$body>><</body>></main>");
        root.Write("templates/error.html", "<<<layout.html>><<$body>>generic <<statusCode>><</body>><</layout.html>>");
        await using (var server = await InMemoryServer.StartAsync(Throw, args: ["--contentRoot", root.Path, "--environment", "Production"],
            configurePipeline: app => app.UseExceptionHandler(new ExceptionHandlerOptions
            {
                Template = "error.html",
                ConfigureModel = (_, model) => model["statusCode"] = "overridden",
            })))
        {
            using var client = server.CreateClient();
            using var response = await GetAsync(client, "/fail", "text/html");
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.InternalServerError));
            Assert.That(await response.Content.ReadAsStringAsync(), Is.EqualTo("<main>generic overridden</main>"));
            using var api = await GetAsync(client, "/fail", "application/json");
            Assert.That(api.Content.Headers.ContentType!.MediaType, Is.EqualTo("application/problem+json"));
        }

        root.Write("templates/errors/500.html", "<<<layout.html>><<$body>><<title>>: <<message>><</body>><</layout.html>>");
        await using (var server = await InMemoryServer.StartAsync(Throw, args: ["--contentRoot", root.Path, "--environment", "Production"],
            configurePipeline: app => app.UseExceptionHandler(new ExceptionHandlerOptions { Template = "error.html" })))
        {
            using var client = server.CreateClient();
            using var response = await GetAsync(client, "/fail", "text/html");
            Assert.That(await response.Content.ReadAsStringAsync(), Is.EqualTo("<main>500 Internal Server Error: Something went wrong on the server.</main>"));
        }
    }

    [Test]
    public async Task Development_keeps_its_page_even_with_a_template()
    {
        using var root = new TempDirectory();
        root.Write("templates/error.html", "templated");
        await using var server = await InMemoryServer.StartAsync(Throw, args: ["--contentRoot", root.Path, "--environment", "Development"],
            configurePipeline: app => app.UseExceptionHandler(new ExceptionHandlerOptions { Template = "error.html" }));
        using var client = server.CreateClient();
        using var response = await GetAsync(client, "/fail", "text/html");
        Assert.That(await response.Content.ReadAsStringAsync(), Does.Contain("System.InvalidOperationException").And.Not.Contain("templated"));
    }

    [Test]
    public async Task A_template_cannot_be_combined_with_a_handler()
    {
        using var root = new TempDirectory();
        root.Write("templates/error.html", "x");
        await Assert.ThrowsAsync<ArgumentException>(() => InMemoryServer.StartAsync(Throw, args: ["--contentRoot", root.Path],
            configurePipeline: app => app.UseExceptionHandler(new ExceptionHandlerOptions { Template = "error.html", Handler = (_, _) => Task.CompletedTask })));
    }

    [Test]
    public async Task Error_replaces_headers_and_body_written_before_the_exception()
    {
        await using var server = await StartAsync(async context =>
        {
            context.Response.Headers["X-Partial"] = "yes";
            await context.Response.WriteAsync("half a page");
            throw new InvalidOperationException("late");
        }, MicroWebEnvironment.Production);
        using var client = server.CreateClient();
        using var response = await client.GetAsync("/");
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.InternalServerError));
        Assert.That(response.Headers.Contains("X-Partial"), Is.False);
        Assert.That(await response.Content.ReadAsStringAsync(), Is.EqualTo("500 Internal Server Error"));
    }

    [Test]
    public async Task Bad_request_exception_is_answered_with_its_status_and_message()
    {
        await using var server = await StartAsync(_ => throw new BadHttpRequestException("Missing field 'name'.", 422), MicroWebEnvironment.Development);
        using var client = server.CreateClient();
        using var response = await client.GetAsync("/");
        Assert.That((int)response.StatusCode, Is.EqualTo(422));
        Assert.That(await response.Content.ReadAsStringAsync(), Is.EqualTo("Missing field 'name'."));
    }

    [Test]
    public async Task Exception_after_the_response_started_aborts_the_connection_instead_of_appending_a_page()
    {
        await using var server = await StartOnSocketAsync(async context =>
        {
            context.Response.ContentLength = 100;
            await context.Response.StartAsync();
            await context.Response.WriteAsync("0123456789");
            throw new InvalidOperationException("mid-body");
        }, MicroWebEnvironment.Development);
        using var connection = await server.ConnectAsync();
        await connection.SendAsync("GET / HTTP/1.1\r\nHost: t\r\n\r\n");
        var received = System.Text.Encoding.Latin1.GetString(await connection.ReadToEndAsync());
        Assert.That(received, Does.StartWith("HTTP/1.1 200 OK"));
        Assert.That(received, Does.Contain("Content-Length: 100"));
        Assert.That(received, Does.Not.Contain("500").And.Not.Contain("mid-body"));
        var body = received[(received.IndexOf("\r\n\r\n", StringComparison.Ordinal) + 4)..];
        Assert.That(body.Length, Is.LessThan(100), "the connection ends before the announced length, so the client sees a truncated response");
    }

    [Test]
    public async Task Status_code_pages_fill_empty_error_responses_only()
    {
        await using var server = await InMemoryServer.StartAsync(context =>
        {
            switch (context.Request.Path)
            {
                case "/teapot":
                    context.Response.StatusCode = 418;
                    return Task.CompletedTask;
                case "/custom":
                    context.Response.StatusCode = 404;
                    return context.Response.WriteAsync("my own 404").AsTask();
                case "/ok":
                    return Task.CompletedTask;
                default:
                    context.Response.StatusCode = 404;
                    return Task.CompletedTask;
            }
        }, configurePipeline: app => app.UseStatusCodePages());
        using var client = server.CreateClient();
        using (var response = await client.GetAsync("/missing"))
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
            Assert.That(await response.Content.ReadAsStringAsync(), Is.EqualTo("404 Not Found"));
            Assert.That(response.Content.Headers.ContentType!.ToString(), Is.EqualTo("text/plain; charset=utf-8"));
        }
        using (var response = await client.GetAsync("/teapot"))
            Assert.That(await response.Content.ReadAsStringAsync(), Is.EqualTo("418 "));
        using (var response = await client.GetAsync("/custom"))
            Assert.That(await response.Content.ReadAsStringAsync(), Is.EqualTo("my own 404"));
        using (var response = await client.GetAsync("/ok"))
            Assert.That(await response.Content.ReadAsStringAsync(), Is.Empty);
    }

    [Test]
    public async Task Status_code_pages_take_a_format_or_a_delegate()
    {
        await using (var server = await InMemoryServer.StartAsync(PipelineBuilder.NotFound,
            configurePipeline: app => app.UseStatusCodePages("text/html; charset=utf-8", "<h1>Error {0}</h1>")))
        {
            using var client = server.CreateClient();
            using var response = await client.GetAsync("/x");
            Assert.That(await response.Content.ReadAsStringAsync(), Is.EqualTo("<h1>Error 404</h1>"));
            Assert.That(response.Content.Headers.ContentType!.MediaType, Is.EqualTo("text/html"));
        }
        await using (var server = await InMemoryServer.StartAsync(PipelineBuilder.NotFound,
            configurePipeline: app => app.UseStatusCodePages(context => context.Response.WriteAsync($"nothing at {context.Request.Path}").AsTask())))
        {
            using var client = server.CreateClient();
            using var response = await client.GetAsync("/y");
            Assert.That(await response.Content.ReadAsStringAsync(), Is.EqualTo("nothing at /y"));
        }
    }

    [Test]
    public async Task Request_logging_writes_one_line_with_method_path_status_bytes_time_request_id_and_client()
    {
        await using var server = await InMemoryServer.StartAsync(context =>
        {
            context.Response.StatusCode = 201;
            return context.Response.WriteAsync("created!").AsTask();
        }, configurePipeline: app => app.UseRequestLogging());
        using var client = server.CreateClient();
        using var response = await client.PostAsync("/items?secret=1", new StringContent("x"));
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Created));

        var lines = server.Logs.Entries.Where(e => e.Category == "MicroWeb.RequestLogging").ToList();
        Assert.That(lines, Has.Count.EqualTo(1));
        Assert.That(lines[0].Level, Is.EqualTo(LogLevel.Information));
        Assert.That(lines[0].Message, Does.Match(@"^POST /items responded 201 \(8 bytes\) in \d+\.\d{3} ms \(route -, request [0-9A-F]+:[0-9A-F]{8}, client 127\.0\.0\.1\)$"));
        Assert.That(lines[0].Message, Does.Not.Contain("secret"));
    }

    [Test]
    public async Task Request_logging_reports_500_when_an_exception_escapes()
    {
        await using var server = await InMemoryServer.StartAsync(Throw, configurePipeline: app => app.UseRequestLogging());
        using var client = server.CreateClient();
        using var response = await client.GetAsync("/boom");
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.InternalServerError));
        var line = server.Logs.Entries.Single(e => e.Category == "MicroWeb.RequestLogging");
        Assert.That(line.Message, Does.StartWith("GET /boom responded 500"));
    }
}
