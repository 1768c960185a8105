using System.Net;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using MicroWeb.Middleware;
using MicroWeb.Tests.Support;

namespace MicroWeb.Tests.Middleware;

/// <summary>The negotiated status-code pages: HTML for browsers, problem+json for API clients, text otherwise; and pages from templates.</summary>
public class StatusCodePagesTests
{
    private const string Browser = "text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,*/*;q=0.8";
    private const string TraceHeader = "X-Test-Trace";

    /// <summary>A 404 with no body, naming the request's trace id in a header so the test can compare it.</summary>
    private static Task NotFoundWithTrace(HttpContext context)
    {
        context.Response.Headers[TraceHeader] = context.TraceIdentifier;
        context.Response.StatusCode = context.Request.Path == "/forbidden" ? 403 : 404;
        return Task.CompletedTask;
    }

    private static async Task<HttpResponseMessage> SendAsync(HttpClient client, string path, string? accept, HttpMethod? method = null)
    {
        var request = new HttpRequestMessage(method ?? HttpMethod.Get, path);
        if (accept is not null) request.Headers.TryAddWithoutValidation("Accept", accept);
        return await client.SendAsync(request);
    }

    [TestCase(null, "text/plain", TestName = "No Accept: text")]
    [TestCase("*/*", "text/plain", TestName = "*/* (curl): text")]
    [TestCase("", "text/plain", TestName = "Empty Accept: text")]
    [TestCase(Browser, "text/html", TestName = "A browser's Accept: HTML")]
    [TestCase("text/html", "text/html", TestName = "text/html: HTML")]
    [TestCase("application/json", "application/problem+json", TestName = "application/json: problem+json")]
    [TestCase("application/problem+json", "application/problem+json", TestName = "application/problem+json: problem+json")]
    [TestCase("application/json, text/plain, */*", "application/problem+json", TestName = "axios (JSON listed first among equals): problem+json")]
    [TestCase("text/html;q=0.5, application/json", "application/problem+json", TestName = "q-values: JSON over HTML")]
    [TestCase("application/json;q=0.5, text/html", "text/html", TestName = "q-values: HTML over JSON")]
    [TestCase("text/html, application/json;q=0", "text/html", TestName = "q=0 refuses JSON")]
    [TestCase("application/json;q=0, */*", "text/plain", TestName = "q=0 on the exact type beats */*")]
    [TestCase("text/*", "text/plain", TestName = "text/*: text wins the tie")]
    [TestCase("application/*", "application/problem+json", TestName = "application/*: problem+json")]
    [TestCase("image/png", "text/plain", TestName = "Nothing acceptable: text, not 406")]
    [TestCase("text/html;level=1;q=0.2, text/plain;q=0.9", "text/plain", TestName = "Other parameters before q are ignored")]
    [TestCase("text/html;q=abc, application/json;q=0.1", "application/problem+json", TestName = "An unparsable weight drops its element")]
    [TestCase("TEXT/HTML", "text/html", TestName = "Media types are case-insensitive")]
    public async Task Default_pages_are_negotiated_from_Accept(string? accept, string expectedType)
    {
        await using var server = await InMemoryServer.StartAsync(NotFoundWithTrace, configurePipeline: app => app.UseStatusCodePages());
        using var client = server.CreateClient();
        using var response = await SendAsync(client, "/missing", accept);
        var body = await response.Content.ReadAsStringAsync();

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
        Assert.That(response.Content.Headers.ContentType!.MediaType, Is.EqualTo(expectedType));
        Assert.That(response.Headers.Vary, Does.Contain("Accept"), "the body depends on Accept");
        switch (expectedType)
        {
            case "text/plain":
                Assert.That(body, Is.EqualTo("404 Not Found"));
                break;
            case "text/html":
                Assert.That(body, Does.StartWith("<!doctype html>"));
                Assert.That(body, Does.Contain("<title>404 Not Found</title>").And.Contain("<h1>404 Not Found</h1>"));
                Assert.That(body, Does.Contain("<p>There is nothing at this address.</p>"));
                Assert.That(body, Does.Not.Contain("<script").And.Not.Contain("src=").And.Not.Contain("href="), "self-contained, no script");
                break;
            default:
                using (var problem = JsonDocument.Parse(body))
                {
                    var root = problem.RootElement;
                    Assert.That(root.GetProperty("type").GetString(), Is.EqualTo("about:blank"));
                    Assert.That(root.GetProperty("title").GetString(), Is.EqualTo("Not Found"));
                    Assert.That(root.GetProperty("status").GetInt32(), Is.EqualTo(404));
                    Assert.That(root.GetProperty("traceId").GetString(), Is.EqualTo(response.Headers.GetValues(TraceHeader).Single()));
                }
                break;
        }
    }

    [Test]
    public async Task Each_status_gets_its_own_page_and_problem()
    {
        await using var server = await InMemoryServer.StartAsync(NotFoundWithTrace, configurePipeline: app => app.UseStatusCodePages());
        using var client = server.CreateClient();
        using (var response = await SendAsync(client, "/forbidden", Browser))
        {
            var html = await response.Content.ReadAsStringAsync();
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
            Assert.That(html, Does.Contain("<title>403 Forbidden</title>").And.Contain("You do not have permission to see this page."));
        }
        using (var response = await SendAsync(client, "/forbidden", "application/json"))
        {
            using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
            Assert.That(problem.RootElement.GetProperty("status").GetInt32(), Is.EqualTo(403));
            Assert.That(problem.RootElement.GetProperty("title").GetString(), Is.EqualTo("Forbidden"));
        }
    }

    [Test]
    public async Task A_trace_id_set_by_the_app_is_escaped_in_the_problem()
    {
        await using var server = await InMemoryServer.StartAsync(context =>
        {
            context.TraceIdentifier = "id \"with\" <quotes>\\";
            context.Response.StatusCode = 400;
            return Task.CompletedTask;
        }, configurePipeline: app => app.UseStatusCodePages());
        using var client = server.CreateClient();
        using var response = await SendAsync(client, "/", "application/json");
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.That(problem.RootElement.GetProperty("traceId").GetString(), Is.EqualTo("id \"with\" <quotes>\\"));
    }

    [Test]
    public async Task Responses_with_a_body_or_a_content_type_are_left_alone_whatever_the_Accept()
    {
        await using var server = await InMemoryServer.StartAsync(context =>
        {
            context.Response.StatusCode = 404;
            switch (context.Request.Path)
            {
                case "/body":
                    return context.Response.WriteAsync("my own 404").AsTask();
                case "/typed":
                    context.Response.ContentType = "application/octet-stream";
                    return Task.CompletedTask;
                default:
                    context.Response.ContentLength = 0;
                    return Task.CompletedTask;
            }
        }, configurePipeline: app => app.UseStatusCodePages());
        using var client = server.CreateClient();
        foreach (var accept in new[] { Browser, "application/json" })
        {
            using (var response = await SendAsync(client, "/body", accept))
                Assert.That(await response.Content.ReadAsStringAsync(), Is.EqualTo("my own 404"));
            using (var response = await SendAsync(client, "/typed", accept))
            {
                Assert.That(await response.Content.ReadAsByteArrayAsync(), Is.Empty);
                Assert.That(response.Content.Headers.ContentType!.MediaType, Is.EqualTo("application/octet-stream"));
            }
            using (var response = await SendAsync(client, "/empty", accept))
                Assert.That(await response.Content.ReadAsByteArrayAsync(), Is.Empty);
        }
    }

    [Test]
    public async Task A_custom_format_or_handler_turns_negotiation_off()
    {
        await using (var server = await InMemoryServer.StartAsync(PipelineBuilder.NotFound,
            configurePipeline: app => app.UseStatusCodePages(new StatusCodePagesOptions { BodyFormat = "E{0}" })))
        {
            using var client = server.CreateClient();
            using var response = await SendAsync(client, "/", "application/json");
            Assert.That(await response.Content.ReadAsStringAsync(), Is.EqualTo("E404"));
            Assert.That(response.Content.Headers.ContentType!.MediaType, Is.EqualTo("text/plain"));
        }
        await using (var server = await InMemoryServer.StartAsync(PipelineBuilder.NotFound,
            configurePipeline: app => app.UseStatusCodePages(context => context.Response.WriteAsync("mine").AsTask())))
        {
            using var client = server.CreateClient();
            using var response = await SendAsync(client, "/", Browser);
            Assert.That(await response.Content.ReadAsStringAsync(), Is.EqualTo("mine"));
        }
    }

    [Test]
    public async Task HEAD_gets_the_headers_of_GET_and_no_body()
    {
        await using var server = await TestServer.StartAsync(PipelineBuilder.NotFound, configurePipeline: app => app.UseStatusCodePages());
        using var client = server.CreateClient();
        using var get = await SendAsync(client, "/missing", Browser);
        var getLength = (await get.Content.ReadAsByteArrayAsync()).Length;
        using var head = await SendAsync(client, "/missing", Browser, HttpMethod.Head);
        Assert.That(head.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
        Assert.That(head.Content.Headers.ContentType!.MediaType, Is.EqualTo("text/html"));
        Assert.That(await head.Content.ReadAsByteArrayAsync(), Is.Empty);
        Assert.That(head.Content.Headers.ContentLength, Is.EqualTo(getLength), "HEAD announces the length GET sends");
    }

    private static async Task<InMemoryServer> StartWithTemplatesAsync(TempDirectory root, StatusCodePagesOptions options, RequestDelegate? handler = null) =>
        await InMemoryServer.StartAsync(handler ?? NotFoundWithTrace, args: ["--contentRoot", root.Path],
            configurePipeline: app => app.UseStatusCodePages(options));

    private static TempDirectory TemplateFolder()
    {
        var root = new TempDirectory();
        root.Write("templates/layout.html", "<html><title><<title>> · Shop</title><nav><<user>></nav><<$body>><</body>></html>");
        root.Write("templates/error.html", "<<<layout.html>><<$body>><h1><<title>></h1><p><<message>></p><p><<path>> (<<statusCode>> <<reasonPhrase>>, <<traceId>>)</p><</body>><</layout.html>>");
        return root;
    }

    [Test]
    public async Task A_template_renders_the_page_in_the_apps_layout_and_API_clients_still_get_problem_json()
    {
        using var root = TemplateFolder();
        root.Write("templates/errors/404.html", "<<<layout.html>><<$body>><h1>Lost?</h1><</body>><</layout.html>>");
        await using var server = await StartWithTemplatesAsync(root, new StatusCodePagesOptions
        {
            Template = "error.html",
            ConfigureModel = (context, model) => model["user"] = "ada@" + context.Request.Path.Length,
        });
        using var client = server.CreateClient();

        using (var response = await SendAsync(client, "/forbidden", Browser))
        {
            var html = await response.Content.ReadAsStringAsync();
            var trace = response.Headers.GetValues(TraceHeader).Single();
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
            Assert.That(response.Content.Headers.ContentType!.ToString(), Is.EqualTo("text/html; charset=utf-8"));
            Assert.That(html, Is.EqualTo($"<html><title>403 Forbidden · Shop</title><nav>ada@10</nav><h1>403 Forbidden</h1><p>You do not have permission to see this page.</p><p>/forbidden (403 Forbidden, {trace})</p></html>"));
        }
        using (var response = await SendAsync(client, "/a<b>", Browser))
            Assert.That(await response.Content.ReadAsStringAsync(), Is.EqualTo("<html><title>404 Not Found · Shop</title><nav>ada@5</nav><h1>Lost?</h1></html>"),
                "errors/404.html is the 404's own page");
        using (var response = await SendAsync(client, "/forbidden", "application/json"))
        {
            Assert.That(response.Content.Headers.ContentType!.MediaType, Is.EqualTo("application/problem+json"));
            using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
            Assert.That(problem.RootElement.GetProperty("status").GetInt32(), Is.EqualTo(403));
        }
        using (var response = await SendAsync(client, "/forbidden", null))
            Assert.That(await response.Content.ReadAsStringAsync(), Is.EqualTo("403 Forbidden"));
    }

    [Test]
    public async Task Model_values_from_the_request_are_escaped()
    {
        using var root = TemplateFolder();
        await using var server = await StartWithTemplatesAsync(root, new StatusCodePagesOptions { Template = "error.html" });
        using var client = server.CreateClient();
        using var response = await SendAsync(client, "/%3Cscript%3E", Browser);
        var html = await response.Content.ReadAsStringAsync();
        Assert.That(html, Does.Contain("&lt;script&gt;").And.Not.Contain("<script>"));
    }

    [Test]
    public async Task A_missing_template_fails_startup_naming_it()
    {
        using var root = new TempDirectory();
        root.Write("templates/layout.html", "x");
        var failure = await Assert.ThrowsAsync<InvalidOperationException>(async () =>
            await StartWithTemplatesAsync(root, new StatusCodePagesOptions { Template = "error.html" }));
        Assert.That(failure!.Message, Does.Contain("'error.html'").And.Contain(root.Path));
    }

    [Test]
    public async Task A_template_cannot_be_combined_with_a_body_of_the_apps_own()
    {
        using var root = TemplateFolder();
        await Assert.ThrowsAsync<ArgumentException>(async () =>
            await StartWithTemplatesAsync(root, new StatusCodePagesOptions { Template = "error.html", BodyFormat = "{0}" }));
        await Assert.ThrowsAsync<ArgumentException>(async () =>
            await StartWithTemplatesAsync(root, new StatusCodePagesOptions { ConfigureModel = (_, _) => { } }));
    }

    [Test]
    public async Task A_template_that_fails_to_render_is_logged_and_the_built_in_page_is_sent()
    {
        using var root = new TempDirectory();
        root.Write("templates/error.html", "<<<missing-layout.html>><</missing-layout.html>>");
        await using var server = await StartWithTemplatesAsync(root, new StatusCodePagesOptions { Template = "error.html" });
        using var client = server.CreateClient();
        using var response = await SendAsync(client, "/missing", Browser);
        var html = await response.Content.ReadAsStringAsync();
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
        Assert.That(html, Does.StartWith("<!doctype html>").And.Contain("<h1>404 Not Found</h1>"));
        var entry = server.Logs.Entries.Single(e => e.Category == "MicroWeb.StatusCodePages");
        Assert.That(entry.Level, Is.EqualTo(LogLevel.Error));
        Assert.That(entry.Message, Does.Contain("error.html").And.Contain("404").And.Contain("GET /missing"));
        Assert.That(entry.Exception, Is.Not.Null);
    }

    [Test]
    public async Task The_project_templates_404_is_its_error_html_in_its_layout()
    {
        var content = RepositoryFolder("templates/MicroWeb.Templates/content/microweb");
        // The wiring of the template's Program.cs, over its own template folder.
        await using var server = await InMemoryServer.StartAsync(PipelineBuilder.NotFound, args: ["--contentRoot", content],
            configurePipeline: app => app.UseStatusCodePages(new StatusCodePagesOptions { Template = "error.html" }));
        using var client = server.CreateClient();
        using var response = await SendAsync(client, "/missing", Browser);
        var html = await response.Content.ReadAsStringAsync();
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
        Assert.That(html, Does.Contain("<title>404 Not Found</title>").And.Contain("<link rel=\"stylesheet\" href=\"/static/site.css\">"));
        Assert.That(html, Does.Contain("<h1>404 Not Found</h1>").And.Contain("There is nothing at this address."));
        Assert.That(File.ReadAllText(Path.Combine(content, "Program.cs")), Does.Contain("app.UseStatusCodePages(new StatusCodePagesOptions { Template = \"error.html\" });"),
            "the test wires what the template does");
    }

    private static string RepositoryFolder(string relative)
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, relative);
            if (Directory.Exists(candidate)) return candidate;
        }
        Assert.Ignore($"{relative} not found above {AppContext.BaseDirectory}");
        return "";
    }
}
