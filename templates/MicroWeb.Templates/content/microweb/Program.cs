using MicroWeb;

var builder = MicroWebApp.CreateBuilder(args);
var app = builder.Build();

// First: behind a reverse proxy on this machine, the client's address, scheme and host come from its X-Forwarded-* headers.
app.UseForwardedHeaders();
app.UseSecurityHeaders();
app.UseExceptionHandler();
app.UseStaticFiles();
app.MapControllers();

app.Run();
