using System.Net;
using System.Text.Json.Nodes;
using MicroWeb.Testing;

namespace MicroWeb.Tests.OpenApi;

/// <summary>Typed results execute as the plain results do (the OpenAPI side is in <see cref="OpenApiDocumentTests"/>).</summary>
public class OpenApiTypedResultsTests
{
    [Test]
    public async Task OpenApi_typed_results_write_their_status_headers_and_body()
    {
        await using var host = MicroWebTestHost.Create(OpenApiTestApp.Map);
        using var client = host.CreateClient();

        using var ok = await client.GetAsync("/notes/1");
        Assert.That(ok.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(JsonNode.Parse(await ok.Content.ReadAsStringAsync())!.Text("title"), Is.EqualTo("first"));

        using var missing = await client.GetAsync("/notes/7");
        Assert.That(missing.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));

        using var created = await client.PostAsync("/notes", new StringContent("""{"title":"new","body":"b"}""", System.Text.Encoding.UTF8, "application/json"));
        Assert.That(created.StatusCode, Is.EqualTo(HttpStatusCode.Created));
        Assert.That(created.Headers.Location!.OriginalString, Is.EqualTo("/notes/2"));
        Assert.That(JsonNode.Parse(await created.Content.ReadAsStringAsync())!.Text("body"), Is.EqualTo("b"));

        using var bad = await client.PostAsync("/notes", new StringContent("""{"title":"","body":null}""", System.Text.Encoding.UTF8, "application/json"));
        Assert.That(bad.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));

        using var deleted = await client.DeleteAsync("/notes/3");
        Assert.That(deleted.StatusCode, Is.EqualTo(HttpStatusCode.NoContent));
    }

    [Test]
    public void OpenApi_typed_results_keep_their_values()
    {
        Assert.That(TypedResults.Ok(5).Value, Is.EqualTo(5));
        var created = TypedResults.Created("/x/1", "v");
        Assert.That((created.Location, created.Value), Is.EqualTo(("/x/1", "v")));
        Results<Ok<int>, NotFound> union = TypedResults.NotFound();
        Assert.That(union.Result, Is.SameAs(TypedResults.NotFound()));
        Assert.Throws<ArgumentException>(() => TypedResults.Created("", 1));
    }
}
