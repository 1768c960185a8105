using System.Text.Json;
using System.Text.Json.Nodes;
using MicroWeb.Testing;

namespace MicroWeb.Tests.OpenApi;

/// <summary>Documents the generator produces pass an independent OpenAPI 3.1 validator (the MessageBoard case is in MessageBoard.Tests).</summary>
public class OpenApiValidatorTests
{
    [Test]
    public async Task OpenApi_test_app_document_passes_swagger_parser()
    {
        OpenApiValidator.RequireInstalled();
        await using var host = MicroWebTestHost.Create(OpenApiTestApp.Map);
        using var client = host.CreateClient();
        var bytes = await client.GetByteArrayAsync("/openapi.json");
        AssertEveryPathParameterIsDeclared(bytes);
        await OpenApiValidator.AssertValidAsync(bytes, "test-app");
    }

    [Test]
    public async Task OpenApi_validator_rejects_a_broken_document()
    {
        OpenApiValidator.RequireInstalled();
        var broken = """{"openapi":"3.1.1","info":{"title":"t","version":"1"},"paths":{"/a":{"get":{"responses":{"200":{}}}}}}"""u8.ToArray();
        (var exitCode, var errors) = await OpenApiValidator.RunAsync(broken, "broken");
        Assert.That(exitCode, Is.EqualTo(1));
        Assert.That(errors, Does.Contain("must have required property 'description'"), "the validator's own message is reported");
    }

    /// <summary>
    /// swagger-parser checks 3.1 documents against the schema only; OpenAPI also requires every <c>{name}</c> in a path to be a
    /// declared path parameter of each of its operations (§4.8.8.1), checked here.
    /// </summary>
    internal static void AssertEveryPathParameterIsDeclared(byte[] document)
    {
        var paths = JsonNode.Parse(document)!["paths"]!.AsObject();
        foreach (var (path, item) in paths)
        {
            var names = System.Text.RegularExpressions.Regex.Matches(path, "{([^}]+)}").Select(m => m.Groups[1].Value).ToList();
            foreach (var (method, operation) in item!.AsObject())
            {
                var declared = (operation!["parameters"]?.AsArray() ?? [])
                    .Where(p => (string?)p!["in"] == "path").Select(p => (string)p!["name"]!).ToList();
                Assert.That(declared, Is.EquivalentTo(names), $"{method} {path}: path parameters ({JsonSerializer.Serialize(declared)})");
            }
        }
    }
}
