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
}
