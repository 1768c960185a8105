using MicroWeb.Hosting;
using MicroWeb.Tests.Middleware;

namespace MicroWeb.Tests.Hosting;

public sealed class ContentRootTests
{
    private TempDirectory _working = null!;
    private TempDirectory _published = null!;

    [SetUp]
    public void CreateFolders()
    {
        _working = new TempDirectory();
        _published = new TempDirectory();
    }

    [TearDown]
    public void DeleteFolders()
    {
        _working.Dispose();
        _published.Dispose();
    }

    [Test]
    public void A_configured_content_root_wins()
    {
        File.WriteAllText(Path.Combine(_working.Path, "appsettings.json"), "{}");

        Assert.That(ContentRoot.Resolve(_published.Path, _working.Path, _working.Path), Is.EqualTo(_published.Path));
    }

    [TestCase("appsettings.json")]
    [TestCase("templates/")]
    [TestCase("static/")]
    public void The_working_directory_when_it_holds_the_apps_files(string entry)
    {
        Create(_working.Path, entry);
        Create(_published.Path, "appsettings.json");

        Assert.That(ContentRoot.Resolve(null, _working.Path, _published.Path), Is.EqualTo(_working.Path));
    }

    [Test]
    public void The_apps_own_folder_when_started_from_elsewhere()
    {
        Create(_published.Path, "templates/");

        Assert.That(ContentRoot.Resolve(null, _working.Path, _published.Path), Is.EqualTo(_published.Path));
    }

    [Test]
    public void The_working_directory_when_neither_holds_app_files()
    {
        Assert.That(ContentRoot.Resolve("", _working.Path, _published.Path), Is.EqualTo(_working.Path));
    }

    private static void Create(string root, string entry)
    {
        if (entry.EndsWith('/')) Directory.CreateDirectory(Path.Combine(root, entry));
        else File.WriteAllText(Path.Combine(root, entry), "{}");
    }
}
