// Statements of a Program.cs once the app is built: `builder` and `app` are in scope.
using MicroWeb;

var builder = MicroWebApp.CreateBuilder(args);
var app = builder.Build();
/*snippet*/
app.Run();
