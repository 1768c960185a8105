using MicroWeb;
using MicroWeb.App.Views;

namespace MicroWeb.App.Controllers;

public sealed class HomeController : Controller
{
#if (!NoSamplePage)
    private static readonly Feature[] s_features =
    [
        new("Controllers", "Controllers/HomeController.cs answers GET / with this page. Add an action with [HttpGet(\"/about\")], or a new *Controller class."),
        new("Templates", "templates/index.html is this page, compiled with Views/IndexView.cs; templates/layout.html is the frame around every page; <<name>> is HTML-escaped."),
        new("Static files", "static/site.css and everything else in static/ is served at /static/."),
        new("Settings", "appsettings.json holds the address; MICROWEB_ variables and the command line override it."),
#if (tests)
        new("Tests", "dotnet test runs MicroWeb.App.Tests/HomePageTests.cs, which requests this page in memory."),
#else
        new("Tests", "dotnet new microweb --tests creates an app with a test project; MicroWeb.Testing runs it in memory."),
#endif
        new("Native AOT", "dotnet publish -r linux-x64 -p:PublishAot=true makes one native executable; see the MicroWeb docs (docs/aot.md)."),
    ];
#endif

    [HttpGet("/")]
    public IResult Index() => View(new IndexView
    {
        Title = "MicroWeb.App",
#if (!NoSamplePage)
        Features = s_features,
#endif
    });
}
