using MicroWeb.Configuration;
using MicroWeb.Hosting;
using MicroWeb.Templates;

namespace MicroWeb.Tests.Hosting;

public class StartupFailureTests
{
    [TestCase("Sever", "Server", 1)]
    [TestCase("Servre", "Server", 1)]
    [TestCase("server", "Server", 0)]
    [TestCase("Prot", "Port", 1)]
    [TestCase("Login", "Logging", 2)]
    [TestCase("kitten", "sitting", 3)]
    public void Distance_counts_edits_and_swaps_ignoring_case(string a, string b, int expected) =>
        Assert.That(NearestName.Distance(a, b), Is.EqualTo(expected));

    [Test]
    public void Nearest_name_is_within_two_edits_and_none_for_a_known_name()
    {
        string[] known = ["Urls", "Host", "Port"];
        Assert.Multiple(() =>
        {
            Assert.That(NearestName.Find("Prt", known), Is.EqualTo("Port"));
            Assert.That(NearestName.Find("PORT", known), Is.Null, "a known name in another case is no miss");
            Assert.That(NearestName.Find("Colour", known), Is.Null);
        });
    }

    [TestCase("Sever", "Server")]
    [TestCase("Templtes", "Templates")]
    [TestCase("Enviroment", "Environment")]
    [TestCase("Loging", "Logging")]
    [TestCase("Server", null)]
    [TestCase("Hosts", null)]
    [TestCase("Login", null)]
    [TestCase("MessageBoard", null)]
    [TestCase("ConnectionStrings", null)]
    public void Root_near_misses_allow_fewer_edits_for_shorter_names(string name, string? expected) =>
        Assert.That(ConfigurationSections.Nearest(name), Is.EqualTo(expected));

    [Test]
    public void The_line_is_the_app_name_and_the_message_on_one_line() =>
        Assert.That(StartupFailure.Format("Hello", "first\nsecond\r\nthird"), Is.EqualTo("Hello: first second third"));

    [Test]
    public void The_verbose_switch_is_taken_out_of_the_arguments()
    {
        var rest = StartupFailure.TakeVerboseSwitch(["--port", "1", "--Verbose"], out var verbose);
        Assert.That(verbose, Is.True);
        Assert.That(rest, Is.EqualTo(new[] { "--port", "1" }));
        StartupFailure.TakeVerboseSwitch(["--port", "1"], out verbose);
        Assert.That(verbose, Is.False);
    }

    [Test]
    public void Startup_failures_are_the_errors_of_configuration_binding_routes_and_templates_not_bugs()
    {
        Assert.Multiple(() =>
        {
            Assert.That(StartupFailure.IsStartupFailure(ConfigurationValues.Invalid("Server:Port", "x", "a number")), Is.True);
            Assert.That(StartupFailure.IsStartupFailure(new IOException("in use")), Is.True);
            Assert.That(StartupFailure.IsStartupFailure(new FormatException("bad switch")), Is.True);
            Assert.That(StartupFailure.IsStartupFailure(TemplateException.Unpositioned("a.html", "missing")), Is.True);
            Assert.That(StartupFailure.IsStartupFailure(new NullReferenceException()), Is.False);
            Assert.That(StartupFailure.IsStartupFailure(new ArgumentNullException("x")), Is.False);
            Assert.That(StartupFailure.IsStartupFailure(new ObjectDisposedException("x")), Is.False);
        });
    }

    [Test]
    public void Naming_the_source_keeps_the_type_and_the_original_as_inner_exception()
    {
        var error = ConfigurationValues.Invalid("Server:Port", "x", "a number");
        Assert.That(error.Message, Is.EqualTo("Invalid configuration value 'x' for 'Server:Port': expected a number."));
        Assert.That(ConfigurationError.TryGetUnnamedKey(error, out var key), Is.True);
        Assert.That(key, Is.EqualTo("Server:Port"));

        var named = ConfigurationError.WithSource(error, "--port");
        Assert.Multiple(() =>
        {
            Assert.That(named.GetType(), Is.EqualTo(typeof(InvalidOperationException)));
            Assert.That(named.Message, Is.EqualTo("Invalid configuration value 'x' for 'Server:Port' (from --port): expected a number."));
            Assert.That(named.InnerException, Is.SameAs(error));
            Assert.That(ConfigurationError.TryGetUnnamedKey(named, out _), Is.False, "named once");
            Assert.That(ConfigurationError.TryGetUnnamedKey(new InvalidOperationException("other"), out _), Is.False);
        });
    }
}
