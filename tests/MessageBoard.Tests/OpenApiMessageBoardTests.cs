using System.Security.Cryptography;
using System.Text.Json.Nodes;
using MicroWeb;
using MicroWeb.Testing;
using MicroWeb.Tests.OpenApi;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace MessageBoard.Tests;

/// <summary>The message board's OpenAPI document passes the independent validator (@apidevtools/swagger-parser).</summary>
public class OpenApiMessageBoardTests
{
    /// <summary>Paths the document must describe; add the board's API routes here as they arrive.</summary>
    private static readonly string[] s_expectedPaths = ["/", "/messages", "/messages/{id}/delete", "/users/{name}", "/login", "/register", "/api/messages", "/api/messages/{id}"];

    [Test]
    public async Task OpenApi_message_board_document_passes_swagger_parser()
    {
        OpenApiValidator.RequireInstalled();
        var database = Path.Combine(Path.GetTempPath(), $"messageboard-openapi-{Guid.NewGuid():N}.db");
        try
        {
            await using var host = MicroWebTestHost.Create(args =>
                {
                    var app = MessageBoardApp.Build(args);
                    app.MapOpenApi();
                    return app;
                })
                .WithSetting("ContentRoot", BoardApp.SampleDirectory())
                .WithSetting("MessageBoard:Database", database)
                .WithSetting("Security:Key", Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)))
                .ConfigureServices(services => services.AddLogging(logging => logging.ClearProviders()));
            using var client = host.CreateClient();
            var bytes = await client.GetByteArrayAsync("/openapi.json");
            var paths = JsonNode.Parse(bytes)!["paths"]!.AsObject().Select(p => p.Key).ToList();
            Assert.That(paths, Is.SupersetOf(s_expectedPaths));
            Assert.That(paths, Does.Not.Contain("/openapi.json"));
            var create = JsonNode.Parse(bytes)!["paths"]!["/api/messages"]!["post"]!;
            Assert.That(create["security"], Is.Not.Null, "the group's RequireAuthorization reaches the document");
            await OpenApiValidator.AssertValidAsync(bytes, "message-board");
        }
        finally
        {
            foreach (var file in Directory.GetFiles(Path.GetTempPath(), Path.GetFileName(database) + "*"))
            {
                File.Delete(file);
            }
        }
    }
}
