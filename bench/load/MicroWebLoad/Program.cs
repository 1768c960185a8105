using LoadBench;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using MicroWeb;

// The load-comparison app: MicroWeb controllers, logging off, 127.0.0.1 only; run.sh publishes it ReadyToRun (microweb)
// and Native AOT (microweb-aot). Usage: MicroWebLoad --port 5101 (see bench/load/run.sh).
int port = Bench.Port(args);
Bench.EnsureStaticFiles();

// Content root = the output folder, which holds templates/ and static/.
var builder = MicroWebApp.CreateBuilder(["--contentRoot=" + AppContext.BaseDirectory]);
builder.Logging.ClearProviders();
builder.ConfigureServer(options =>
{
    options.Urls = $"http://127.0.0.1:{port}";
    if (Bench.Tls() is { } tls)
    {
        options.Urls += $";https://127.0.0.1:{tls.Port}";
        options.Certificate = tls.Certificate;
    }
});
builder.Services.AddSingleton<UserRepository>();
builder.Services.ConfigureJson(json => json.TypeInfoResolverChain.Insert(0, LoadJson.Default));

var app = builder.Build();
// /static/* from static/. ".bin" is not in MicroWeb's built-in type map (ASP.NET Core's has it), so name it.
var staticFiles = new StaticFileOptions();
staticFiles.ContentTypes[".bin"] = "application/octet-stream";
app.UseStaticFiles(staticFiles);
app.MapControllers(typeof(HelloController).Assembly);
app.Run();
