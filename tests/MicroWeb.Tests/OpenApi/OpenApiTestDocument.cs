using System.Text.Json.Nodes;
using MicroWeb.OpenApi;

namespace MicroWeb.Tests.OpenApi;

/// <summary>Builds a document from an app's route table without starting it (the builder the endpoint uses).</summary>
internal static class OpenApiTestDocument
{
    public static async Task<JsonObject> BuildAsync(Action<MicroWebApp> map, Action<OpenApiOptions>? configure = null, XmlDocumentation? docs = null)
    {
        var options = new OpenApiOptions { Title = "Test API", Version = "2.0.0" };
        configure?.Invoke(options);
        await using var app = MicroWebApp.CreateBuilder().Build();
        map(app);
        return OpenApiDocumentBuilder.Build(((IEndpointRouteBuilder)app).Endpoints.Routes, options, JsonOptions.Default.SerializerOptions, docs);
    }

    /// <summary>The node at a path of keys (array indexes as numbers), or a failed assertion naming the path.</summary>
    public static JsonNode At(this JsonNode node, params string[] path)
    {
        var current = node;
        foreach (var key in path)
        {
            current = current switch
            {
                JsonArray array when int.TryParse(key, out var index) && index < array.Count => array[index],
                JsonObject obj when obj.ContainsKey(key) => obj[key],
                _ => null,
            };
            if (current is null)
            {
                Assert.Fail($"no '{key}' on the way to '{string.Join(" → ", path)}' in {node.ToJsonString()}");
            }
        }

        return current!;
    }

    public static string Text(this JsonNode node, params string[] path) => node.At(path).GetValue<string>();

    public static JsonNode Operation(this JsonNode document, string path, string method) => document.At("paths", path, method);

    public static JsonObject Parameter(this JsonNode operation, string name) =>
        operation.At("parameters").AsArray().OfType<JsonObject>().FirstOrDefault(p => (string?)p["name"] == name)
        ?? throw new AssertionException($"no parameter '{name}' in {operation.ToJsonString()}");
}
