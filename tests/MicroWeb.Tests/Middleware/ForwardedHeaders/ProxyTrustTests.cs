using System.Net;
using MicroWeb.Middleware.ForwardedHeaders;

namespace MicroWeb.Tests.Middleware.ForwardedHeaders;

public class ProxyTrustTests
{
    [TestCase("10.1.2.3", true)]
    [TestCase("10.255.255.255", true)]
    [TestCase("11.0.0.1", false)]
    [TestCase("192.168.1.9", true)]
    [TestCase("192.168.1.10", false)]
    [TestCase("fd00::1234", true)]
    [TestCase("fe00::1", false)]
    [TestCase("::ffff:10.9.9.9", true)]
    [TestCase("::ffff:192.168.1.9", true)]
    public void Addresses_match_known_proxies_and_cidr_networks(string address, bool trusted)
    {
        var trust = new ProxyTrust([IPAddress.Parse("192.168.1.9")], [IPNetwork.Parse("10.0.0.0/8"), IPNetwork.Parse("fd00::/8")]);

        Assert.That(trust.IsTrusted(IPAddress.Parse(address)), Is.EqualTo(trusted));
    }

    [TestCase("127.0.0.1", true)]
    [TestCase("127.8.9.10", true)]
    [TestCase("::1", true)]
    [TestCase("::ffff:127.0.0.1", true)]
    [TestCase("10.0.0.1", false)]
    [TestCase("192.0.2.1", false)]
    public void By_default_only_loopback_is_trusted(string address, bool trusted)
    {
        var options = new ForwardedHeadersOptions();
        var trust = new ProxyTrust(options.KnownProxies, options.KnownNetworks);

        Assert.That(trust.IsTrusted(IPAddress.Parse(address)), Is.EqualTo(trusted));
    }
}
