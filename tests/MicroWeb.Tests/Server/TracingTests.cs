using System.Diagnostics;
using System.Net;
using MicroWeb.Tests.Support;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace MicroWeb.Tests.Server;

/// <summary>
/// The per-request activity, collected through the OpenTelemetry SDK's in-memory exporter from a real server. Each
/// test picks its spans by the trace id it sent (or by its server's port), since activity listeners are process-wide.
/// </summary>
[NonParallelizable]
public class TracingTests
{
    [Test]
    public async Task Tracing_honours_an_incoming_traceparent_and_tags_the_span_per_semconv()
    {
        var spans = new List<Activity>();
        using var tracer = Sdk.CreateTracerProviderBuilder()
            .AddSource(MicroWebDiagnostics.ActivitySourceName)
            .AddInMemoryExporter(spans)
            .Build();
        var traceId = ActivityTraceId.CreateRandom();
        var parentSpanId = ActivitySpanId.CreateRandom();
        string body;
        int port;
        await using (var server = await TestServer.StartAsync(null, configurePipeline: app =>
        {
            app.UseRequestLogging();
            app.MapGet("/orders/{id}", (int id, HttpContext context) => context.TraceIdentifier);
        }))
        {
            port = server.Port;
            using var client = server.CreateClient();
            using var request = new HttpRequestMessage(HttpMethod.Get, "/orders/7");
            request.Headers.Add("traceparent", $"00-{traceId}-{parentSpanId}-01");
            request.Headers.Add("tracestate", "vendor=value");
            using var response = await client.SendAsync(request);
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            body = await response.Content.ReadAsStringAsync();

            var line = server.Logs.Entries.Single(e => e.Category == "MicroWeb.RequestLogging").Message;
            Assert.That(line, Does.Contain($"request {traceId}").And.Contain("route /orders/{id}").And.Contain("client 127.0.0.1"), "the log line carries the trace id");
        }

        Assert.That(body, Is.EqualTo(traceId.ToHexString()), "TraceIdentifier is the trace id");
        var span = spans.Single(a => a.TraceId == traceId);
        Assert.That(span.ParentSpanId, Is.EqualTo(parentSpanId));
        Assert.That(span.HasRemoteParent, Is.True);
        Assert.That(span.TraceStateString, Is.EqualTo("vendor=value"));
        Assert.That(span.Kind, Is.EqualTo(ActivityKind.Server));
        Assert.That(span.Source.Name, Is.EqualTo(MicroWebDiagnostics.ActivitySourceName));
        Assert.That(span.DisplayName, Is.EqualTo("GET /orders/{id}"));
        Assert.That(span.Status, Is.EqualTo(ActivityStatusCode.Unset));
        Assert.That(span.GetTagItem("http.request.method"), Is.EqualTo("GET"));
        Assert.That(span.GetTagItem("url.path"), Is.EqualTo("/orders/7"));
        Assert.That(span.GetTagItem("url.scheme"), Is.EqualTo("http"));
        Assert.That(span.GetTagItem("http.route"), Is.EqualTo("/orders/{id}"));
        Assert.That(span.GetTagItem("http.response.status_code"), Is.EqualTo(200));
        Assert.That(span.GetTagItem("server.address"), Is.EqualTo("127.0.0.1"));
        Assert.That(span.GetTagItem("server.port"), Is.EqualTo(port));
        Assert.That(span.GetTagItem("network.protocol.version"), Is.EqualTo("1.1"));
        Assert.That(span.GetTagItem("client.address"), Is.EqualTo("127.0.0.1"));
        Assert.That(span.GetTagItem("error.type"), Is.Null);
    }

    [Test]
    public async Task Tracing_marks_a_throwing_handler_as_an_error_and_starts_a_new_trace_without_traceparent()
    {
        var spans = new List<Activity>();
        using var tracer = Sdk.CreateTracerProviderBuilder()
            .AddSource(MicroWebDiagnostics.ActivitySourceName)
            .AddInMemoryExporter(spans)
            .Build();
        // An activity current when the server starts must not become every request's parent.
        using var ambient = new ActivitySource("MicroWeb.Tests.Ambient");
        using var ambientListener = new ActivityListener { ShouldListenTo = s => s == ambient, Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllData };
        ActivitySource.AddActivityListener(ambientListener);
        ActivityTraceId ambientTrace;
        TestServer server;
        using (var outer = ambient.StartActivity("startup"))
        {
            ambientTrace = outer!.TraceId;
            server = await TestServer.StartAsync(null, configurePipeline: app =>
            {
                app.MapGet("/boom", string () => throw new InvalidOperationException("boom"));
            });
        }
        // The client outside it: HttpClient would otherwise send the ambient activity as traceparent.
        Assert.That(Activity.Current, Is.Null);
        int port = server.Port;
        await using (server)
        {
            using var client = server.CreateClient();
            Assert.That((await client.GetAsync("/boom")).StatusCode, Is.EqualTo(HttpStatusCode.InternalServerError));
            Assert.That((await client.GetAsync("/missing")).StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
        }

        var mine = spans.Where(a => Equals(a.GetTagItem("server.port"), port)).ToList();
        Assert.That(mine, Has.Count.EqualTo(2));
        var failed = mine.Single(a => Equals(a.GetTagItem("url.path"), "/boom"));
        Assert.That(failed.ParentSpanId, Is.EqualTo(default(ActivitySpanId)), "a root: no incoming parent");
        Assert.That(failed.TraceId, Is.Not.EqualTo(ambientTrace));
        Assert.That(failed.Status, Is.EqualTo(ActivityStatusCode.Error));
        Assert.That(failed.GetTagItem("error.type"), Is.EqualTo("System.InvalidOperationException"));
        Assert.That(failed.GetTagItem("http.response.status_code"), Is.EqualTo(500));
        Assert.That(failed.DisplayName, Is.EqualTo("GET /boom"));

        var notFound = mine.Single(a => Equals(a.GetTagItem("url.path"), "/missing"));
        Assert.That(notFound.DisplayName, Is.EqualTo("GET"), "no route: the method alone");
        Assert.That(notFound.GetTagItem("http.route"), Is.Null);
        Assert.That(notFound.Status, Is.EqualTo(ActivityStatusCode.Unset), "a 4xx is the client's error, not the server's");
    }

    [Test]
    public async Task Tracing_behind_a_trusted_proxy_reports_the_forwarded_client_scheme_and_host_and_keeps_active_requests_balanced()
    {
        var spans = new List<Activity>();
        var metrics = new List<MetricSnapshot>();
        using var tracer = Sdk.CreateTracerProviderBuilder().AddSource(MicroWebDiagnostics.ActivitySourceName).AddInMemoryExporter(spans).Build();
        using var meters = Sdk.CreateMeterProviderBuilder().AddMeter(MicroWebDiagnostics.MeterName).AddInMemoryExporter(metrics).Build();
        var traceId = ActivityTraceId.CreateRandom();
        await using (var server = await TestServer.StartAsync(null, configurePipeline: app =>
        {
            app.UseForwardedHeaders();
            app.MapGet("/page", () => "page");
        }))
        {
            using var client = server.CreateClient();
            using var request = new HttpRequestMessage(HttpMethod.Get, "/page");
            request.Headers.Add("traceparent", $"00-{traceId}-{ActivitySpanId.CreateRandom()}-01");
            request.Headers.Add("X-Forwarded-For", "203.0.113.7");
            request.Headers.Add("X-Forwarded-Proto", "https");
            request.Headers.Add("X-Forwarded-Host", "board.example");
            using var response = await client.SendAsync(request);
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        }
        meters.ForceFlush();

        var span = spans.Single(a => a.TraceId == traceId);
        Assert.That(span.GetTagItem("client.address"), Is.EqualTo("203.0.113.7"));
        Assert.That(span.GetTagItem("url.scheme"), Is.EqualTo("https"));
        Assert.That(span.GetTagItem("server.address"), Is.EqualTo("board.example"));
        Assert.That(span.GetTagItem("server.port"), Is.EqualTo(443), "no port in the forwarded host: the scheme's default");

        // Counted under the scheme it arrived with, so the +1 and the -1 meet; the duration reports the forwarded one.
        var active = metrics.Last(m => m.Name == "http.server.active_requests");
        Assert.That(active.MetricPoints.Select(p => p.GetSumLong()), Is.All.EqualTo(0));
        var duration = metrics.Last(m => m.Name == "http.server.request.duration");
        var page = duration.MetricPoints.Where(p => HasTag(p, "http.route", "/page")).ToList();
        Assert.That(page, Has.Count.EqualTo(1));
        Assert.That(HasTag(page[0], "url.scheme", "https"), Is.True);
    }

    private static bool HasTag(MetricPoint point, string key, object value)
    {
        foreach (var tag in point.Tags)
        {
            if (tag.Key == key && Equals(tag.Value, value)) return true;
        }
        return false;
    }

    [Test]
    public async Task Tracing_off_keeps_the_process_unique_request_id()
    {
        await using var server = await TestServer.StartAsync(context => context.Response.WriteAsync(context.TraceIdentifier).AsTask());
        using var client = server.CreateClient();
        Assert.That(await client.GetStringAsync("/"), Does.Match("^[0-9A-F]+:[0-9A-F]{8}$"));
    }

    [Test]
    public async Task Tracing_Development_logs_each_request_once_even_when_the_app_also_uses_request_logging()
    {
        await using (var server = await TestServer.StartAsync(context => context.Response.WriteAsync("x").AsTask(),
            configurePipeline: app => app.UseRequestLogging(), args: ["--environment", "Development"]))
        {
            using var client = server.CreateClient();
            await client.GetStringAsync("/twice?");
            Assert.That(server.Logs.Entries.Count(e => e.Category == "MicroWeb.RequestLogging"), Is.EqualTo(1));
        }
        await using (var server = await TestServer.StartAsync(context => context.Response.WriteAsync("x").AsTask(), args: ["--environment", "Development"]))
        {
            using var client = server.CreateClient();
            await client.GetStringAsync("/default");
            Assert.That(server.Logs.Entries.Single(e => e.Category == "MicroWeb.RequestLogging").Message, Does.StartWith("GET /default responded 200"));
        }
        await using (var server = await TestServer.StartAsync(context => context.Response.WriteAsync("x").AsTask()))
        {
            using var client = server.CreateClient();
            await client.GetStringAsync("/production");
            Assert.That(server.Logs.Entries.Count(e => e.Category == "MicroWeb.RequestLogging"), Is.Zero, "not by default in Production");
        }
    }
}
