using System.Buffers;
using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using MicroWeb.Http;
using MicroWeb.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace MicroWeb.Tests.HttpResults;

/// <summary>A type the test context knows.</summary>
public sealed record GeneratedMessage(int Id, string Title, DateTimeOffset Posted, string[] Tags, string? Note);

/// <summary>A type no context knows.</summary>
public sealed record UnlistedMessage(int Id);

/// <summary>The app's source-generated context, as an AOT app declares it.</summary>
[JsonSerializable(typeof(GeneratedMessage))]
internal sealed partial class TestAppJson : JsonSerializerContext;

/// <summary>JSON results through the type information of the app's resolver chain: its source-generated context first.</summary>
public sealed class JsonSourceGenerationTests
{
    private static readonly GeneratedMessage s_message = new(7, "Caf\u00e9 \"opening\"", new DateTimeOffset(2026, 1, 2, 3, 4, 5, TimeSpan.FromHours(1)), ["news", "food"], null);

    [Test]
    public async Task JsonSourceGeneration_a_context_registered_type_serializes_as_reflection_does()
    {
        await using var server = await TestServer.StartAsync(
            handler: context => Results.Json(s_message).ExecuteAsync(context),
            configureServices: services => services.ConfigureJson(json => json.TypeInfoResolverChain.Insert(0, TestAppJson.Default)));
        using var client = server.CreateClient();

        var body = await client.GetStringAsync("/");

        var reflection = JsonSerializer.Serialize(s_message, new JsonSerializerOptions(JsonSerializerDefaults.Web) { TypeInfoResolver = new DefaultJsonTypeInfoResolver() });
        Assert.That(body, Is.EqualTo(reflection));
        var options = server.App.Services.GetRequiredService<JsonOptions>().SerializerOptions;
        Assert.That(options.GetTypeInfo(typeof(GeneratedMessage)).OriginatingResolver, Is.SameAs(TestAppJson.Default), "the context, not reflection, made the type information");
    }

    [Test]
    public void JsonSourceGeneration_ConfigureJson_changes_the_registered_options_and_keeps_the_defaults_after_the_context()
    {
        var services = new ServiceCollection();
        var registered = new JsonOptions();
        services.AddSingleton(registered);

        services.ConfigureJson(json => json.TypeInfoResolverChain.Insert(0, TestAppJson.Default));

        Assert.That(services.Count(d => d.ServiceType == typeof(JsonOptions)), Is.EqualTo(1));
        Assert.That(registered.SerializerOptions.TypeInfoResolverChain[0], Is.SameAs(TestAppJson.Default));
        Assert.That(registered.SerializerOptions.TypeInfoResolverChain.Count, Is.EqualTo(2), "MicroWeb's fallback stays after the app's context");
        Assert.That(registered.SerializerOptions.PropertyNamingPolicy, Is.SameAs(JsonNamingPolicy.CamelCase));
    }

    [Test]
    public void JsonSourceGeneration_a_type_missing_from_the_resolvers_fails_naming_the_type_and_the_fix()
    {
        // What a Native AOT app has: its context and no reflection.
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web) { TypeInfoResolver = TestAppJson.Default };

        var error = Assert.Throws<InvalidOperationException>(() => JsonTypes.For(options, typeof(UnlistedMessage)));

        Assert.That(error!.Message, Does.Contain("'MicroWeb.Tests.HttpResults.UnlistedMessage'"));
        Assert.That(error.Message, Does.Contain("[JsonSerializable(typeof(UnlistedMessage))]"));
        Assert.That(error.Message, Does.Contain("TypeInfoResolverChain.Insert(0, AppJson.Default)"));
    }

    [Test]
    public async Task JsonSourceGeneration_a_missing_type_is_a_500_with_the_error_logged()
    {
        await using var server = await TestServer.StartAsync(
            handler: null,
            configurePipeline: app =>
            {
                app.UseExceptionHandler();
                app.Run(context => Results.Json(new UnlistedMessage(1)).ExecuteAsync(context));
            },
            configureServices: services => services.ConfigureJson(json =>
            {
                json.TypeInfoResolverChain.Clear();
                json.TypeInfoResolverChain.Add(TestAppJson.Default);
            }),
            args: ["--environment", "Production"]);
        using var client = server.CreateClient();

        using var response = await client.GetAsync("/");

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.InternalServerError));
        var logged = server.Logs.Entries.Where(e => e.Level >= LogLevel.Error && e.Exception is not null).Select(e => e.Exception!.Message).ToArray();
        Assert.That(logged, Has.Some.Contains("[JsonSerializable(typeof(UnlistedMessage))]"));
    }

    [Test]
    public void JsonSourceGeneration_problem_details_are_unchanged_and_need_no_reflection_for_their_own_values()
    {
        var problem = new ProblemDocument(409)
        {
            Title = "Edit conflict",
            Detail = "Caf\u00e9 \"7\"",
            Extensions = new Dictionary<string, object?> { ["currentVersion"] = 3, ["editedBy"] = new[] { "ada" }, ["retry"] = true, ["missing"] = null },
        };
        const string Expected = "{\"type\":\"about:blank\",\"title\":\"Edit conflict\",\"status\":409,\"detail\":\"Caf\u00e9 \\\"7\\\"\"," +
            "\"currentVersion\":3,\"editedBy\":[\"ada\"],\"retry\":true,\"missing\":null,\"traceId\":\"t-1\"}";

        // The defaults (reflection available here) and MicroWeb's own context alone (what a Native AOT app has) write the same bytes.
        var noReflection = new JsonSerializerOptions(JsonSerializerDefaults.Web)
        {
            Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
            TypeInfoResolver = MicroWebJsonContext.Default,
        };
        Assert.That(Write(problem, JsonOptions.Default.SerializerOptions), Is.EqualTo(Expected));
        Assert.That(Write(problem, noReflection), Is.EqualTo(Expected));
    }

    private static string Write(ProblemDocument problem, JsonSerializerOptions options)
    {
        var buffer = new ArrayBufferWriter<byte>();
        ProblemDetailsWriter.Write(buffer, problem, "t-1", options);
        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }
}
