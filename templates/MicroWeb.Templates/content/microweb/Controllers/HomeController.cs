using MicroWeb;

namespace MicroWeb.App.Controllers;

public sealed class HomeController : Controller
{
    [HttpGet("/")]
    public IResult Index() => View("index.html", new
    {
        title = "MicroWeb.App",
#if (!NoSamplePage)
        features = new[]
        {
            new { name = "Controllers", text = "Controllers/HomeController.cs answers GET / with this page. Add an action with [HttpGet(\"/about\")], or a new *Controller class." },
            new { name = "Templates", text = "templates/index.html is this page and templates/layout.html the frame around every page; <<name>> is HTML-escaped." },
            new { name = "Static files", text = "static/site.css and everything else in static/ is served at /static/." },
            new { name = "Settings", text = "appsettings.json holds the address; MICROWEB_ variables and the command line override it." },
#if (tests)
            new { name = "Tests", text = "dotnet test runs MicroWeb.App.Tests/HomePageTests.cs, which requests this page in memory." },
#else
            new { name = "Tests", text = "dotnet new microweb --tests creates an app with a test project; MicroWeb.Testing runs it in memory." },
#endif
        },
#endif
    });
}
