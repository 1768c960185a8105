using MicroWeb;

var builder = MicroWebApp.CreateBuilder(args);
var app = builder.Build();

app.UseExceptionHandler();
app.UseStaticFiles();
app.MapControllers();

app.Run();
