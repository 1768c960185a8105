using System.Text.Json.Serialization;
using MicroWeb;

var builder = MicroWebApp.CreateBuilder(args);
// The app's JSON types come from its source-generated context (trim- and Native AOT-safe; docs/aot.md).
builder.Services.ConfigureJson(json => json.TypeInfoResolverChain.Insert(0, HelloJson.Default));
var app = builder.Build();

app.Use(async (context, next) =>
{
    context.Response.Headers["X-Powered-By"] = "MicroWeb";
    await next();
});

app.Run(context =>
{
    if (context.Request.Path == "/greeting")
    {
        return Results.Json(new Greeting("Hello from MicroWeb!", Environment.ProcessId)).ExecuteAsync(context);
    }

    context.Response.ContentType = "text/plain; charset=utf-8";
    return context.Response.WriteAsync($"Hello from MicroWeb! You asked for {context.Request.Path}\n").AsTask();
});

app.Run();

/// <summary>The body of <c>/greeting</c>.</summary>
internal sealed record Greeting(string Message, int ProcessId);

/// <summary>Compile-time JSON metadata for the app's types.</summary>
[JsonSerializable(typeof(Greeting))]
internal sealed partial class HelloJson : JsonSerializerContext;
