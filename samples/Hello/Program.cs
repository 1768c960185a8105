using MicroWeb;

var builder = MicroWebApp.CreateBuilder(args);
var app = builder.Build();

app.Use(async (context, next) =>
{
    context.Response.Headers["X-Powered-By"] = "MicroWeb";
    await next();
});

app.Run(context =>
{
    context.Response.ContentType = "text/plain; charset=utf-8";
    return context.Response.WriteAsync($"Hello from MicroWeb! You asked for {context.Request.Path}\n").AsTask();
});

app.Run();
