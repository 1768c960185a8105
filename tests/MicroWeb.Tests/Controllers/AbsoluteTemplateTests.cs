using MicroWeb.Controllers;
using Microsoft.Extensions.DependencyInjection;

namespace MicroWeb.Tests.Controllers;

/// <summary>Under a controller's <c>[Route]</c> prefix, an action template starting with '/' or '~/' is absolute.</summary>
public class AbsoluteTemplateTests
{
    [Test]
    public void Relative_templates_get_the_prefix_absolute_ones_do_not()
    {
        using var services = new ServiceCollection().BuildServiceProvider();
        var templates = ControllerDiscovery.Routes(typeof(AdminController), new BinderFactory(services))
            .ToDictionary(r => r.DisplayName + " " + string.Join(",", r.Methods ?? []), r => r.Pattern.Template);
        Assert.That(templates, Is.EquivalentTo(new Dictionary<string, string>
        {
            ["AdminController.Index GET"] = "/admin",
            ["AdminController.Users GET"] = "/admin/users",
            ["AdminController.Login GET"] = "/login",
            ["AdminController.Logout POST"] = "/logout",
            ["AdminController.Home GET"] = "/",
        }));
    }

    [Route("/admin")]
    public sealed class AdminController
    {
        [HttpGet]
        public string Index() => "admin";

        [HttpGet("users")]
        public string Users() => "users";

        [HttpGet("/login")]
        public string Login() => "login";

        [HttpPost("~/logout")]
        public string Logout() => "bye";

        [HttpGet("/")]
        public string Home() => "home";
    }
}
