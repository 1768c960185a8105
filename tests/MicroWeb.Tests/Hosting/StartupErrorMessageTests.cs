using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
using MicroWeb.Hosting;

namespace MicroWeb.Tests.Hosting;

/// <summary>What a startup error says: the key, the source that supplied it, the near miss it probably meant.</summary>
public class StartupErrorMessageTests
{
    private string _root = null!;

    [SetUp]
    public void CreateContentRoot() => _root = Directory.CreateTempSubdirectory("microweb-startup-").FullName;

    [TearDown]
    public void DeleteContentRoot() => Directory.Delete(_root, recursive: true);

    private MicroWebAppBuilder Builder(params string[] args)
    {
        var builder = MicroWebApp.CreateBuilder(["--contentRoot", _root, .. args]);
        builder.Logging.ClearProviders();
        return builder;
    }

    private string BuildError(MicroWebAppBuilder builder) =>
        Assert.Throws<InvalidOperationException>(() => builder.Build())!.Message;

    [Test]
    public void A_value_from_appsettings_json_names_the_file()
    {
        File.WriteAllText(Path.Combine(_root, "appsettings.json"), """{ "Server": { "Port": "abc" } }""");
        Assert.That(BuildError(Builder()), Is.EqualTo(
            "Invalid configuration value 'abc' for 'Server:Port' (from appsettings.json): expected a whole number from 0 to 65535."));
    }

    [Test]
    public void The_source_named_is_the_one_that_wins()
    {
        File.WriteAllText(Path.Combine(_root, "appsettings.json"), """{ "Server": { "Port": "5000" } }""");
        File.WriteAllText(Path.Combine(_root, "appsettings.Development.json"), """{ "Server": { "Port": "abc" } }""");
        Assert.That(BuildError(Builder("--environment", "Development")), Does.Contain("'Server:Port' (from appsettings.Development.json):"));
    }

    [Test]
    public void A_value_from_an_environment_variable_names_the_variable()
    {
        Environment.SetEnvironmentVariable("MICROWEB_Server__KeepAliveTimeout", "soon");
        try
        {
            Assert.That(BuildError(Builder()), Does.Contain("'Server:KeepAliveTimeout' (from MICROWEB_Server__KeepAliveTimeout):"));
        }
        finally
        {
            Environment.SetEnvironmentVariable("MICROWEB_Server__KeepAliveTimeout", null);
        }
    }

    [TestCase("--port", "abc", "--port")]
    [TestCase("--Server:Port", "abc", "--Server:Port")]
    [TestCase("--Server:Port=abc", null, "--Server:Port")]
    public void A_value_from_the_command_line_names_the_switch(string first, string? second, string named)
    {
        var builder = second is null ? Builder(first) : Builder(first, second);
        Assert.That(BuildError(builder), Does.Contain($"'Server:Port' (from {named}):"));
    }

    [Test]
    public void A_value_set_in_code_names_in_memory_configuration()
    {
        var builder = Builder();
        builder.Configuration.AddInMemoryCollection([new("Templates:CacheCapacity", "lots")]);
        Assert.That(BuildError(builder), Does.Contain("'Templates:CacheCapacity' (from in-memory configuration):"));
    }

    [Test]
    public void A_near_miss_of_a_server_key_is_suggested()
    {
        File.WriteAllText(Path.Combine(_root, "appsettings.json"), """{ "Server": { "Prot": "5000" } }""");
        Assert.That(BuildError(Builder()), Is.EqualTo("Unknown configuration key 'Server:Prot' (from appsettings.json): did you mean 'Server:Port'?"));
    }

    [TestCase("Templates:Rot", "Templates:Root")]
    [TestCase("Server:KeepAliveTimout", "Server:KeepAliveTimeout")]
    [TestCase("Server:Certificates:Dfault:Path", "Server:Certificates:Default")]
    public void Near_misses_in_other_sections_are_suggested(string key, string suggested)
    {
        var builder = Builder();
        builder.Configuration.AddInMemoryCollection([new(key, "1")]);
        Assert.That(BuildError(builder), Does.EndWith($": did you mean '{suggested}'?"));
    }

    [Test]
    public void An_unknown_key_that_is_no_near_miss_lists_the_known_keys()
    {
        var builder = Builder("--Server:Colour", "blue");
        var message = BuildError(builder);
        Assert.That(message, Does.StartWith("Unknown configuration key 'Server:Colour' (from --Server:Colour). Known keys under 'Server': Urls, Host, Port,"));
        Assert.That(message, Does.Not.Contain("did you mean"));
    }

    [Test]
    public void A_root_section_that_is_a_near_miss_of_a_microweb_section_fails()
    {
        Assert.That(BuildError(Builder("--Sever:Port", "1")), Is.EqualTo("Unknown configuration section 'Sever' (from --Sever:Port): did you mean 'Server'?"));
    }

    [Test]
    public async Task The_apps_own_sections_pass()
    {
        File.WriteAllText(Path.Combine(_root, "appsettings.json"),
            """{ "MessageBoard": { "Title": "t" }, "ConnectionStrings": { "Board": "x" }, "Login": { "A": "1" }, "Hosts": { "B": "2" }, "AllowedHosts": "*" }""");
        await using var _ = Builder().Build();
        Assert.Pass("built with the app's sections");
    }

    [TestCase("localhost:5807", "'localhost:5807' has no scheme (http:// or https://). Each address is http://host:port")]
    [TestCase("ftp://localhost:21", "'ftp://localhost:21' has the scheme 'ftp', but only http:// and https:// are supported.")]
    [TestCase("https://localhost:5807", "'https://localhost:5807' is an https:// address but no certificate is configured. Set Server:Certificates:Default:Path")]
    public void A_bad_address_reads_as_a_sentence(string urls, string expected)
    {
        var message = BuildError(Builder("--urls", urls));
        Assert.That(message, Does.StartWith($"Invalid configuration value '{urls}' for 'Server:Urls' (from --urls): {expected}"));
        Assert.That(message, Does.Not.Contain("expected '"));
    }

    [Test]
    public async Task Ambiguous_routes_fail_at_start_on_one_line_naming_both()
    {
        await using var app = Builder("--urls", "http://127.0.0.1:0").Build();
        app.MapGet("/same", () => "a");
        app.MapGet("/same", () => "b");
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => app.StartAsync());
        Assert.That(error!.Message, Does.StartWith("Ambiguous routes: 'GET /same' in ").And.Not.Contain('\n'));
        Assert.That(StartupFailure.IsStartupFailure(error), Is.True);
    }

    [Test]
    public async Task Port_in_use_names_the_port_and_the_fix()
    {
        using var taken = new System.Net.Sockets.Socket(System.Net.Sockets.SocketType.Stream, System.Net.Sockets.ProtocolType.Tcp);
        taken.Bind(new System.Net.IPEndPoint(System.Net.IPAddress.Loopback, 0));
        taken.Listen();
        var port = ((System.Net.IPEndPoint)taken.LocalEndPoint!).Port;
        await using var app = Builder("--urls", $"http://127.0.0.1:{port}").Build();
        var error = await Assert.ThrowsAsync<IOException>(() => app.StartAsync());
        Assert.That(error!.Message, Is.EqualTo($"Port {port} is in use (http://127.0.0.1:{port}): stop the other process, or pass --port N or set Server:Port."));
    }
}
