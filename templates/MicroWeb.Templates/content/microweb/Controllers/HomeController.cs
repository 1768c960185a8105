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
            new { name = "Controllers", text = "Controllers/HomeController.cs answers GET / with this page." },
            new { name = "Templates", text = "templates/index.html fills the layout in templates/layout.html." },
            new { name = "Static files", text = "static/site.css is served from /static/site.css." },
            new { name = "Settings", text = "appsettings.json holds the address; MICROWEB_ variables and the command line override it." },
        },
#endif
    });
}
