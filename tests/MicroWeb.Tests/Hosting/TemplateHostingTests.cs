using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using MicroWeb.Templates;

namespace MicroWeb.Tests.Hosting;

public class TemplateHostingTests
{
    private string _root = null!;

    [SetUp]
    public void CreateContentRoot() => _root = Directory.CreateTempSubdirectory("microweb-templates-").FullName;

    [TearDown]
    public void DeleteContentRoot() => Directory.Delete(_root, recursive: true);

    private MicroWebAppBuilder Builder(params string[] args)
    {
        var builder = MicroWebApp.CreateBuilder(["--contentRoot", _root, .. args]);
        builder.Logging.ClearProviders();
        return builder;
    }

    [Test]
    public async Task Template_engine_from_DI_renders_files_under_the_content_root()
    {
        Directory.CreateDirectory(Path.Combine(_root, "templates"));
        File.WriteAllText(Path.Combine(_root, "templates", "layout.html"), "<main><<$body>><</body>></main>");
        File.WriteAllText(Path.Combine(_root, "templates", "page.html"), "<<< layout.html>><<$body>>Hi <<name>><</body>><</ layout.html>>");
        await using var app = Builder().Build();
        var engine = app.Services.GetRequiredService<TemplateEngine>();
        Assert.That(engine.Render("page.html", new { name = "<Ada>" }), Is.EqualTo("<main>Hi &lt;Ada&gt;</main>"));
    }

    [Test]
    public async Task Templates_reload_on_change_only_in_development_by_default()
    {
        await using (var production = Builder().Build())
            Assert.That(production.Services.GetRequiredService<TemplateOptions>().ReloadOnChange, Is.False);
        await using (var development = Builder("--environment", "Development").Build())
            Assert.That(development.Services.GetRequiredService<TemplateOptions>().ReloadOnChange, Is.True);
    }

    [Test]
    public async Task Template_options_are_read_from_configuration()
    {
        var builder = Builder();
        builder.Configuration.AddInMemoryCollection([new("Templates:Root", "views"), new("Templates:CacheCapacity", "10")]);
        await using var app = builder.Build();
        var options = app.Services.GetRequiredService<TemplateOptions>();
        Assert.That(options.Root, Is.EqualTo("views"));
        Assert.That(options.CacheCapacity, Is.EqualTo(10));
    }

    [TestCase("Templates:CacheCapacity", "0")]
    [TestCase("Templates:ReloadOnChange", "sometimes")]
    [TestCase("Templates:Folder", "views")]
    public void Bad_template_setting_fails_at_startup_naming_the_key(string key, string value)
    {
        var builder = Builder();
        builder.Configuration.AddInMemoryCollection([new(key, value)]);
        var error = Assert.Throws<InvalidOperationException>(() => builder.Build());
        Assert.That(error!.Message, Does.Contain(key));
    }
}
