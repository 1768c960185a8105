using System.Net;
using LoadBench;
using Microsoft.Extensions.FileProviders;

// The load-comparison app: ASP.NET Core minimal API (WebApplication.CreateBuilder, as `dotnet new web`),
// logging off, 127.0.0.1 only. Usage: AspNetMinimal --port 5102 (see bench/load/run.sh).
int port = Bench.Port(args);
Bench.EnsureStaticFiles();

var builder = WebApplication.CreateBuilder(new WebApplicationOptions { ContentRootPath = AppContext.BaseDirectory });
builder.Logging.ClearProviders();
builder.WebHost.ConfigureKestrel(options =>
{
    options.Listen(IPAddress.Loopback, port);
    if (Bench.Tls() is { } tls) options.Listen(IPAddress.Loopback, tls.Port, listen => listen.UseHttps(tls.Certificate));
});
builder.Services.AddSingleton<UserRepository>();

var app = builder.Build();
app.UseStaticFiles(new StaticFileOptions { FileProvider = new PhysicalFileProvider(Bench.StaticRoot), RequestPath = "/static" });

app.MapGet("/plaintext", () => "Hello, World!");
app.MapGet("/json", () => new HelloMessage("Hello, World!"));
app.MapGet("/users/{id:int}", (int id, UserRepository users) => users.Find(id));
app.MapGet("/page", () => Results.Content(PageRenderer.Render(PageModel.Instance), "text/html; charset=utf-8"));
app.MapGet("/_alloc", Bench.AllocatedBytes);

app.Run();
