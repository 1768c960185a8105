using System.Net;
using LoadBench;
using Microsoft.Extensions.FileProviders;

// The load-comparison app: ASP.NET Core MVC controllers and Razor views (as `dotnet new mvc`, minus the extras),
// logging off, 127.0.0.1 only. Usage: AspNetMvc --port 5103 (see bench/load/run.sh).
int port = Bench.Port(args);
Bench.EnsureStaticFiles();

var builder = WebApplication.CreateBuilder(new WebApplicationOptions { ContentRootPath = AppContext.BaseDirectory });
builder.Logging.ClearProviders();
builder.WebHost.ConfigureKestrel(options => options.Listen(IPAddress.Loopback, port));
builder.Services.AddControllersWithViews();
builder.Services.AddSingleton<UserRepository>();

var app = builder.Build();
app.UseStaticFiles(new StaticFileOptions { FileProvider = new PhysicalFileProvider(Bench.StaticRoot), RequestPath = "/static" });
app.MapControllers();

app.Run();
