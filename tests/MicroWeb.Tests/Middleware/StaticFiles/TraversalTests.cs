using MicroWeb.Tests.Support;
using static MicroWeb.Tests.Middleware.StaticFiles.StaticFileTestHost;

namespace MicroWeb.Tests.Middleware.StaticFiles;

/// <summary>Attempts to read outside the static root, sent over a raw socket so no client normalises them first.</summary>
public class TraversalTests
{
    private TempDirectory _site = null!;
    private TestServer _server = null!;

    private static readonly string[] s_attempts =
    [
        "/static/../secret.txt",
        "/static/%2e%2e/secret.txt",
        "/static/%2E%2E/secret.txt",
        "/static/.%2e/secret.txt",
        "/static/..%2fsecret.txt",
        "/static/..%2Fsecret.txt",
        "/static/..%5csecret.txt",
        "/static/..%5Csecret.txt",
        "/static/..\\secret.txt",
        "/static/\\..\\secret.txt",
        "/static/....//secret.txt",
        "/static/.../secret.txt",
        "/static/..;/secret.txt",
        "/static/%00",
        "/static/secret.txt%00.txt",
        "/static/sub/..%00/secret.txt",
        "/static/.hidden.txt",
        "/static/sub/../../secret.txt",
        "/static/sub/%2e%2e/%2e%2e/secret.txt",
        "/static/sub%2f..%2f..%2fsecret.txt",
        "/static//etc/passwd",
        "/static/%2fetc/passwd",
        "/static/C:/secret.txt",
        "/static/C:%5Csecret.txt",
        "/static/c:secret.txt",
        "/static/%252e%252e/secret.txt",
        "/static/%252e%252e%252fsecret.txt",
        "/static/%c0%ae%c0%ae/secret.txt",
        "/static/link-to-secret.txt",
        "/static/outside/secret2.txt",
        "/static/sub/link-up/secret.txt",
        "http://t/static/../secret.txt",
        "/static/..",
        "/static/../static/../secret.txt",
    ];

    [OneTimeSetUp]
    public async Task StartServer()
    {
        _site = CreateSite();
        _site.Write("outside/secret2.txt", Secret);
        _site.Write("static/public.txt", "public");
        _site.Write("static/.hidden.txt", Secret);
        _site.Write("static/sub/ok.txt", "ok");
        File.CreateSymbolicLink(_site.Combine("static/link-to-secret.txt"), "../secret.txt");
        Directory.CreateSymbolicLink(_site.Combine("static/outside"), _site.Combine("outside"));
        Directory.CreateSymbolicLink(_site.Combine("static/sub/link-up"), "../..");
        File.CreateSymbolicLink(_site.Combine("static/inside-link.txt"), "public.txt");
        // The server's root absolute path, appended to the mount: "/static//tmp/…/secret.txt".
        s_absolute = "/static/" + _site.Combine("secret.txt");
        _server = await StartAsync(_site);
    }

    private static string s_absolute = "";

    [OneTimeTearDown]
    public async Task StopServer()
    {
        await _server.DisposeAsync();
        _site.Dispose();
    }

    [TestCaseSource(nameof(s_attempts))]
    public async Task Traversal_attempt_is_refused_without_leaking_the_secret(string target)
    {
        var response = await RawAsync(_server, target);
        Assert.That(response.StatusCode, Is.EqualTo(400).Or.EqualTo(404), target);
        Assert.That(response.BodyText, Does.Not.Contain(Secret).And.Not.Contain("root:"));
    }

    [Test]
    public async Task Absolute_file_system_path_after_the_mount_is_refused()
    {
        var response = await RawAsync(_server, s_absolute);
        Assert.That(response.StatusCode, Is.EqualTo(404));
        Assert.That(response.BodyText, Does.Not.Contain(Secret));
    }

    [Test]
    public async Task Ordinary_files_and_links_that_stay_inside_the_root_are_served()
    {
        Assert.That((await RawAsync(_server, "/static/public.txt")).BodyText, Is.EqualTo("public"));
        Assert.That((await RawAsync(_server, "/static/sub/ok.txt")).BodyText, Is.EqualTo("ok"));
        Assert.That((await RawAsync(_server, "/static/sub/../public.txt")).BodyText, Is.EqualTo("public"), "the server resolves dot segments inside the mount");
        Assert.That((await RawAsync(_server, "/static/inside-link.txt")).BodyText, Is.EqualTo("public"));
    }

    [Test]
    public async Task Links_outside_the_root_are_followed_only_when_allowed()
    {
        await using var server = await StartAsync(_site, options => options.AllowSymlinksOutsideRoot = true);
        Assert.That((await RawAsync(server, "/static/link-to-secret.txt")).BodyText, Is.EqualTo(Secret));
        Assert.That((await RawAsync(server, "/static/outside/secret2.txt")).BodyText, Is.EqualTo(Secret));
    }
}
