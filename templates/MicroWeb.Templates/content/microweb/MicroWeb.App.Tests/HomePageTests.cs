using System.Net;
using MicroWeb.Testing;

namespace MicroWeb.App.Tests;

public class HomePageTests
{
    [Test]
    public async Task Home_page_is_rendered_inside_the_layout()
    {
        // Builds the app as Program.cs does and sends real HTTP/1.1 requests to it in memory; no port is opened.
        // The app's templates/ and static/ are copied next to the test binaries, so that is the content root.
        await using var host = MicroWebTestHost.Create(Program.Build)
            .WithSetting("ContentRoot", AppContext.BaseDirectory);
        var client = host.CreateClient();

        using var response = await client.GetAsync("/");
        var html = await response.Content.ReadAsStringAsync();

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo("text/html"));
        Assert.That(html, Does.Contain("<h1>MicroWeb.App</h1>"));
        Assert.That(html, Does.Contain("href=\"/static/site.css\""));
    }
}
