using System.Net;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using MicroWeb.Tests.OpenApi;

namespace MessageBoard.Tests;

/// <summary>
/// The board's own <c>/openapi.json</c>, fetched over a socket from the running board: it passes the independent
/// validator (@apidevtools/swagger-parser), describes exactly the API (the HTML pages and probes are left out), gives
/// every response a status and a schema, never only <c>default</c>, and names the security schemes the writers accept.
/// </summary>
[Parallelizable(ParallelScope.None)]
public sealed class ApiDocumentTests
{
    private const string Problem = "application/problem+json";

    [Test]
    public async Task Api_served_document_passes_swagger_parser()
    {
        OpenApiValidator.RequireInstalled();
        await using var app = await StartWithBearerAsync();
        using var client = app.CreateClient();

        using var response = await client.GetAsync("/openapi.json");
        var bytes = await response.Content.ReadAsByteArrayAsync();

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/json"));
        await OpenApiValidator.AssertValidAsync(bytes, "message-board");
    }

    [Test]
    public async Task Api_document_describes_the_API_operations_and_nothing_else()
    {
        await using var app = await StartWithBearerAsync();
        var document = await DocumentAsync(app);

        var operations = document["paths"]!.AsObject()
            .SelectMany(path => path.Value!.AsObject().Select(method => $"{method.Key.ToUpperInvariant()} {path.Key}"));

        Assert.That((string)document["info"]!["title"]!, Is.EqualTo("MessageBoard"));
        Assert.That((string)document["info"]!["version"]!, Does.Match(@"^\d+\.\d+\.\d+$"));
        Assert.That(operations, Is.EquivalentTo(new[]
        {
            "GET /api/messages", "POST /api/messages", "GET /api/messages/{id}", "DELETE /api/messages/{id}", "POST /api/tokens",
        }), "the HTML pages, /healthz, /readyz, /docs and /openapi.json are not API operations");
    }

    [Test]
    public async Task Api_document_gives_every_response_a_status_and_the_errors_a_problem_schema()
    {
        await using var app = await StartWithBearerAsync();
        var document = await DocumentAsync(app);
        var paths = document["paths"]!;

        Assert.That(Statuses(paths["/api/messages"]!["get"]!), Is.EqualTo(new[] { "200", "400" }));
        Assert.That(Statuses(paths["/api/messages"]!["post"]!), Is.EqualTo(new[] { "201", "400", "401" }));
        Assert.That(Statuses(paths["/api/messages/{id}"]!["get"]!), Is.EqualTo(new[] { "200", "400", "404" }));
        Assert.That(Statuses(paths["/api/messages/{id}"]!["delete"]!), Is.EqualTo(new[] { "204", "400", "401", "403", "404" }));
        Assert.That(Statuses(paths["/api/tokens"]!["post"]!), Is.EqualTo(new[] { "200", "400", "429" }));

        Assert.That(Schema(paths["/api/messages"]!["get"]!, "200", "application/json"), Is.EqualTo("#/components/schemas/ApiMessagePage"));
        Assert.That(Schema(paths["/api/messages"]!["post"]!, "201", "application/json"), Is.EqualTo("#/components/schemas/ApiMessage"));
        Assert.That(Schema(paths["/api/messages"]!["post"]!, "400", Problem), Is.EqualTo("#/components/schemas/ApiValidationProblemDetails"));
        Assert.That(Schema(paths["/api/messages"]!["post"]!, "401", Problem), Is.EqualTo("#/components/schemas/ApiProblemDetails"));
        Assert.That(Schema(paths["/api/messages/{id}"]!["get"]!, "404", Problem), Is.EqualTo("#/components/schemas/ApiProblemDetails"));
        Assert.That(Schema(paths["/api/messages/{id}"]!["delete"]!, "403", Problem), Is.EqualTo("#/components/schemas/ApiProblemDetails"));
        Assert.That(paths["/api/messages/{id}"]!["delete"]!["responses"]!["204"]!["content"], Is.Null, "204 has no body");
        Assert.That(Schema(paths["/api/tokens"]!["post"]!, "200", "application/json"), Is.EqualTo("#/components/schemas/TokenResponse"));

        var schemas = document["components"]!["schemas"]!;
        Assert.That(schemas["ApiProblemDetails"]!["properties"]!.AsObject().Select(p => p.Key),
            Is.EquivalentTo(new[] { "type", "title", "status", "detail", "traceId" }));
        Assert.That(schemas["TokenResponse"]!["properties"]!.AsObject().Select(p => p.Key),
            Is.EquivalentTo(new[] { "access_token", "token_type", "expires_in" }), "RFC 6749 §5.1 names");
        Assert.That((string?)schemas["ApiMessage"]!["description"], Is.EqualTo("A message as the API shows it."), "XML documentation reaches the document");
    }

    [Test]
    public async Task Api_document_requires_the_cookie_or_a_bearer_token_for_the_writers_only()
    {
        await using var app = await StartWithBearerAsync();
        var document = await DocumentAsync(app);
        var paths = document["paths"]!;
        JsonNode[] either = [new JsonObject { ["cookie"] = new JsonArray() }, new JsonObject { ["bearer"] = new JsonArray() }];

        Assert.That(JsonNode.DeepEquals(paths["/api/messages"]!["post"]!["security"], new JsonArray(either.Select(n => n.DeepClone()).ToArray())), Is.True);
        Assert.That(JsonNode.DeepEquals(paths["/api/messages/{id}"]!["delete"]!["security"], new JsonArray(either.Select(n => n.DeepClone()).ToArray())), Is.True);
        Assert.That(paths["/api/messages"]!["get"]!["security"], Is.Null, "reading is open");
        Assert.That(paths["/api/tokens"]!["post"]!["security"], Is.Null, "the token endpoint takes the password itself");
        var schemes = document["components"]!["securitySchemes"]!;
        Assert.That((string)schemes["cookie"]!["in"]!, Is.EqualTo("cookie"));
        Assert.That((string)schemes["bearer"]!["scheme"]!, Is.EqualTo("bearer"));
        Assert.That((string)schemes["bearer"]!["bearerFormat"]!, Is.EqualTo("JWT"));
    }

    [Test]
    public async Task Api_document_without_a_signing_key_has_the_cookie_scheme_only_and_no_token_endpoint()
    {
        await using var app = await BoardApp.StartAsync();
        var document = await DocumentAsync(app);

        Assert.That(document["paths"]!.AsObject().ContainsKey("/api/tokens"), Is.False);
        Assert.That(document["components"]!["securitySchemes"]!.AsObject().Select(s => s.Key), Is.EqualTo(new[] { "cookie" }));
    }

    private static Task<BoardApp> StartWithBearerAsync() =>
        BoardApp.StartAsync(null, "--Authentication:Bearer:SigningKeys:0=" + Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)));

    private static async Task<JsonNode> DocumentAsync(BoardApp app)
    {
        using var client = app.CreateClient();
        return JsonNode.Parse(await client.GetStringAsync("/openapi.json"))!;
    }

    private static string[] Statuses(JsonNode operation) => [.. operation["responses"]!.AsObject().Select(r => r.Key)];

    private static string? Schema(JsonNode operation, string status, string contentType) =>
        (string?)operation["responses"]![status]!["content"]?[contentType]?["schema"]?["$ref"];
}
