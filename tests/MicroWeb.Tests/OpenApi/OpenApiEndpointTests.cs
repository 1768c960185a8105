using System.Net;
using System.Text.Json.Nodes;
using MicroWeb.Http;
using MicroWeb.OpenApi;
using MicroWeb.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace MicroWeb.Tests.OpenApi;

/// <summary>The document endpoint: built once, then the same bytes; ETag and 304.</summary>
public class OpenApiEndpointTests
{
    /// <summary>Discards what is written, so measuring allocations sees only the endpoint's.</summary>
    private sealed class NullOutput : HttpResponseOutput
    {
        public long Written { get; private set; }

        public override bool HasStarted => false;

        public override void Write(ReadOnlySpan<byte> data) => Written += data.Length;

        public override ValueTask WriteAsync(ReadOnlyMemory<byte> data, CancellationToken cancellationToken)
        {
            Written += data.Length;
            return ValueTask.CompletedTask;
        }

        public override Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public override Task FlushAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public override void DiscardBuffered()
        {
        }
    }

    [Test]
    public async Task OpenApi_endpoint_serves_json_with_an_etag_and_answers_304_to_a_match()
    {
        await using var host = MicroWebTestHost.Create(
            builder => builder.Services.AddOpenApi(options => options.Title = "Served"),
            OpenApiTestApp.Map);
        using var client = host.CreateClient();
        using var first = await client.GetAsync("/openapi.json");
        Assert.That(first.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(first.Content.Headers.ContentType!.MediaType, Is.EqualTo("application/json"));
        var etag = first.Headers.ETag;
        Assert.That(etag, Is.Not.Null);
        var document = JsonNode.Parse(await first.Content.ReadAsStringAsync())!;
        Assert.That(document.Text("info", "title"), Is.EqualTo("Served"), "AddOpenApi's options");
        Assert.That(document.At("paths").AsObject().ContainsKey("/notes"), Is.True, "routes mapped before MapOpenApi");

        using var again = new HttpRequestMessage(HttpMethod.Get, "/openapi.json");
        again.Headers.IfNoneMatch.Add(etag!);
        using var notModified = await client.SendAsync(again);
        Assert.That(notModified.StatusCode, Is.EqualTo(HttpStatusCode.NotModified));
        Assert.That(await notModified.Content.ReadAsByteArrayAsync(), Is.Empty);
    }

    [Test]
    public async Task OpenApi_routes_mapped_after_MapOpenApi_are_in_the_document()
    {
        await using var host = MicroWebTestHost.Create(app =>
        {
            app.MapOpenApi("/docs/api.json");
            app.MapGet("/later", () => 1);
        });
        using var client = host.CreateClient();
        var document = JsonNode.Parse(await client.GetStringAsync("/docs/api.json"))!;
        Assert.That(document.At("paths").AsObject().Select(p => p.Key), Is.EqualTo(new[] { "/later" }));
    }

    [Test]
    public async Task OpenApi_registering_jwt_bearer_declares_the_bearer_scheme()
    {
        await using var host = MicroWebTestHost.Create(
            builder => builder.Services.AddJwtBearer(options =>
            {
                options.Issuer = "https://issuer.example";
                options.Audience = "notes";
                options.SigningKeys.Add(JwtSigningKey.Symmetric(new byte[32]));
            }),
            OpenApiTestApp.Map);
        using var client = host.CreateClient();
        var document = JsonNode.Parse(await client.GetStringAsync("/openapi.json"))!;
        Assert.That(document.Text("components", "securitySchemes", "bearer", "scheme"), Is.EqualTo("bearer"));
        Assert.That(document.Operation("/items", "post").At("security").AsArray().Select(s => s!.AsObject().Single().Key), Is.EqualTo(new[] { "cookie", "bearer" }));
    }

    [Test]
    public void OpenApi_document_is_built_once_and_served_from_the_same_bytes()
    {
        var builds = 0;
        var endpoint = new OpenApiDocumentEndpoint(() =>
        {
            builds++;
            return new JsonObject { ["openapi"] = "3.1.1" };
        });
        var bytes = endpoint.Bytes;
        Assert.That(endpoint.Bytes, Is.SameAs(bytes));
        Assert.That(builds, Is.EqualTo(1));
        Assert.That(endpoint.ETag, Does.StartWith("\"").And.EndWith("\""));
    }

    [Test]
    public async Task OpenApi_serving_the_document_allocates_nothing_per_request()
    {
        var endpoint = new OpenApiDocumentEndpoint(() => new JsonObject { ["openapi"] = "3.1.1", ["pad"] = new string('x', 100_000) });
        await using var services = new ServiceCollection().BuildServiceProvider();
        var output = new NullOutput();
        var context = new HttpContext(services, output);
        context.BeginRequest(1, 1, CancellationToken.None);
        context.Request.Reset();
        context.Request.Method = "GET";
        for (var i = 0; i < 10; i++)
        {
            await endpoint.WriteAsync(context);
        }

        const int Requests = 1000;
        var completed = 0;
        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < Requests; i++)
        {
            completed += endpoint.WriteAsync(context).IsCompletedSuccessfully ? 1 : 0;
        }

        var perRequest = (GC.GetAllocatedBytesForCurrentThread() - before) / (double)Requests;
        Assert.That(completed, Is.EqualTo(Requests), "each write completes synchronously");
        Assert.That(output.Written, Is.EqualTo((Requests + 10) * (long)endpoint.Bytes.Length));
        Assert.That(perRequest, Is.LessThan(1), $"{perRequest} B per request");
    }
}
