using System.Net;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using MicroWeb.Middleware.ForwardedHeaders;
using MicroWeb.Tests.Support;

namespace MicroWeb.Tests.Middleware.ForwardedHeaders;

/// <summary>The middleware on a context built in memory: which hops it believes and what it sets.</summary>
public class ForwardedHeadersMiddlewareTests
{
    private static readonly IPEndPoint s_loopbackPeer = new(IPAddress.Loopback, 40000);

    private sealed record Seen(EndPoint? Remote, string Scheme, bool IsHttps, string Host, string PathBase, string Path);

    private static (Seen Seen, ListLoggerProvider Logs) Run(EndPoint peer, ForwardedHeadersOptions? options, params (string Name, string Value)[] headers)
    {
        var logs = new ListLoggerProvider();
        using var loggerFactory = LoggerFactory.Create(builder => builder.AddProvider(logs).SetMinimumLevel(LogLevel.Debug));
        using var services = new ServiceCollection().BuildServiceProvider();
        var context = InMemoryContext.Create(services, "GET", "/page", null, null, out _, headers);
        context.Request.RemoteEndPoint = peer;
        Seen? seen = null;
        var middleware = new ForwardedHeadersMiddleware(c =>
        {
            var r = c.Request;
            seen = new Seen(r.RemoteEndPoint, r.Scheme, r.IsHttps, r.Host, r.PathBase, r.Path);
            return Task.CompletedTask;
        }, options ?? new ForwardedHeadersOptions(), loggerFactory.CreateLogger("test"));
        middleware.InvokeAsync(context).GetAwaiter().GetResult();
        return (seen!, logs);
    }

    [Test]
    public void A_loopback_proxy_sets_client_scheme_host_and_path_base()
    {
        var (seen, _) = Run(s_loopbackPeer, null,
            ("X-Forwarded-For", "203.0.113.7"), ("X-Forwarded-Proto", "https"), ("X-Forwarded-Host", "board.example:8443"), ("X-Forwarded-Prefix", "/board/"));

        Assert.That(seen, Is.EqualTo(new Seen(new IPEndPoint(IPAddress.Parse("203.0.113.7"), 0), "https", true, "board.example:8443", "/board", "/page")));
    }

    [Test]
    public void An_untrusted_peer_is_ignored_and_logged_at_debug()
    {
        var peer = new IPEndPoint(IPAddress.Parse("198.51.100.9"), 40000);
        var (seen, logs) = Run(peer, null, ("X-Forwarded-For", "203.0.113.7"), ("X-Forwarded-Proto", "https"), ("X-Forwarded-Host", "evil.example"));

        Assert.That(seen, Is.EqualTo(new Seen(peer, "http", false, "localhost", "", "/page")));
        Assert.That(logs.Entries.Single().Level, Is.EqualTo(LogLevel.Debug));
        Assert.That(logs.Entries.Single().Message, Does.Contain("198.51.100.9").And.Contain("not a known proxy"));
    }

    [Test]
    public void With_the_default_limit_only_the_nearest_proxys_hop_is_taken()
    {
        // The client claims two hops of its own; the loopback proxy appended the address it saw.
        var (seen, _) = Run(s_loopbackPeer, null, ("X-Forwarded-For", "10.0.0.1, 127.0.0.5, 203.0.113.7"), ("X-Forwarded-Proto", "http, https"));

        Assert.That(seen.Remote, Is.EqualTo(new IPEndPoint(IPAddress.Parse("203.0.113.7"), 0)));
        Assert.That(seen.Scheme, Is.EqualTo("https"));
    }

    [Test]
    public void A_higher_limit_walks_left_only_through_trusted_proxies()
    {
        var options = new ForwardedHeadersOptions { ForwardLimit = 5 };
        options.KnownNetworks.Add(IPNetwork.Parse("10.0.0.0/8"));

        var (seen, _) = Run(s_loopbackPeer, options, ("X-Forwarded-For", "192.0.2.1, 198.51.100.2, 10.0.0.3, 10.0.0.4"));

        // 10.0.0.4 and 10.0.0.3 are proxies, so their hops count; 198.51.100.2 is not, so what it claims (192.0.2.1) is not believed.
        Assert.That(seen.Remote, Is.EqualTo(new IPEndPoint(IPAddress.Parse("198.51.100.2"), 0)));
    }

    [Test]
    public void The_limit_stops_the_walk_even_through_trusted_proxies()
    {
        var options = new ForwardedHeadersOptions { ForwardLimit = 2 };
        options.KnownNetworks.Add(IPNetwork.Parse("10.0.0.0/8"));

        var (seen, _) = Run(s_loopbackPeer, options, ("X-Forwarded-For", "192.0.2.1, 10.0.0.3, 10.0.0.4"));

        Assert.That(seen.Remote, Is.EqualTo(new IPEndPoint(IPAddress.Parse("10.0.0.3"), 0)));
    }

    [TestCase("X-Forwarded-For", "not-an-ip")]
    [TestCase("X-Forwarded-Proto", "ftp")]
    [TestCase("X-Forwarded-Host", "bad host")]
    [TestCase("X-Forwarded-Host", "user@host")]
    [TestCase("X-Forwarded-Prefix", "board")]
    [TestCase("X-Forwarded-Prefix", "/a/../b")]
    [TestCase("X-Forwarded-Prefix", "//evil.example")]
    [TestCase("X-Forwarded-Prefix", "/a?b")]
    public void An_invalid_value_makes_the_hop_ignored_and_is_logged_at_debug(string header, string value)
    {
        var (seen, logs) = Run(s_loopbackPeer, null, ("X-Forwarded-For", "203.0.113.7"), ("X-Forwarded-Proto", "https"), (header, value));

        Assert.That(seen, Is.EqualTo(new Seen(s_loopbackPeer, "http", false, "localhost", "", "/page")));
        var entry = logs.Entries.Single();
        Assert.That(entry.Level, Is.EqualTo(LogLevel.Debug));
        Assert.That(entry.Message, Does.Contain(header).And.Contain(value));
    }

    [Test]
    public void A_bad_entry_further_left_keeps_the_hops_taken_before_it()
    {
        var options = new ForwardedHeadersOptions { ForwardLimit = 3 };
        var (seen, logs) = Run(s_loopbackPeer, options, ("X-Forwarded-For", "garbage, 127.0.0.9"));

        Assert.That(seen.Remote, Is.EqualTo(new IPEndPoint(IPAddress.Parse("127.0.0.9"), 0)));
        Assert.That(logs.Entries.Single().Message, Does.Contain("garbage"));
    }

    [Test]
    public void Forwarded_is_read_when_configured_with_ipv6_in_brackets_and_a_port()
    {
        var options = new ForwardedHeadersOptions { Headers = ForwardedHeaderFields.Forwarded };
        var (seen, _) = Run(s_loopbackPeer, options,
            ("Forwarded", "for=192.0.2.1;proto=http, for=\"[2001:db8:cafe::17]:4711\";proto=https;host=\"board.example\""),
            ("X-Forwarded-For", "198.51.100.66"));

        Assert.That(seen, Is.EqualTo(new Seen(new IPEndPoint(IPAddress.Parse("2001:db8:cafe::17"), 4711), "https", true, "board.example", "", "/page")));
    }

    [Test]
    public void Forwarded_is_not_read_by_default()
    {
        var (seen, _) = Run(s_loopbackPeer, null, ("Forwarded", "for=192.0.2.1;proto=https"));

        Assert.That(seen.Remote, Is.EqualTo(s_loopbackPeer));
        Assert.That(seen.IsHttps, Is.False);
    }

    [Test]
    public void An_obfuscated_for_keeps_the_address_takes_proto_and_stops()
    {
        var options = new ForwardedHeadersOptions { Headers = ForwardedHeaderFields.Forwarded, ForwardLimit = 5 };
        var (seen, _) = Run(s_loopbackPeer, options, ("Forwarded", "for=192.0.2.1, for=_proxy2;proto=https"));

        Assert.That(seen.Remote, Is.EqualTo(s_loopbackPeer));
        Assert.That(seen.Scheme, Is.EqualTo("https"));
    }

    [Test]
    public void A_malformed_forwarded_field_is_ignored_whole_and_logged()
    {
        var options = new ForwardedHeadersOptions { Headers = ForwardedHeaderFields.Forwarded };
        var (seen, logs) = Run(s_loopbackPeer, options, ("Forwarded", "for=192.0.2.1;proto=https;proto=http"));

        Assert.That(seen.Remote, Is.EqualTo(s_loopbackPeer));
        Assert.That(seen.IsHttps, Is.False);
        Assert.That(logs.Entries.Single().Message, Does.Contain("Forwarded"));
    }

    [Test]
    public void An_ipv4_mapped_loopback_peer_is_trusted()
    {
        var (seen, _) = Run(new IPEndPoint(IPAddress.Loopback.MapToIPv6(), 40000), null, ("X-Forwarded-For", "203.0.113.7"));

        Assert.That(seen.Remote, Is.EqualTo(new IPEndPoint(IPAddress.Parse("203.0.113.7"), 0)));
    }

    [Test]
    public void Headers_that_are_not_enabled_are_not_read()
    {
        var options = new ForwardedHeadersOptions { Headers = ForwardedHeaderFields.XForwardedFor };
        var (seen, _) = Run(s_loopbackPeer, options, ("X-Forwarded-For", "203.0.113.7"), ("X-Forwarded-Proto", "https"), ("X-Forwarded-Host", "other.example"));

        Assert.That(seen, Is.EqualTo(new Seen(new IPEndPoint(IPAddress.Parse("203.0.113.7"), 0), "http", false, "localhost", "", "/page")));
    }

    [Test]
    public void A_request_without_forwarding_headers_allocates_nothing()
    {
        using var services = new ServiceCollection().BuildServiceProvider();
        var context = InMemoryContext.Create(services, "GET", "/page", null, null, out _, ("Accept", "*/*"), ("User-Agent", "test"));
        context.Request.RemoteEndPoint = s_loopbackPeer;
        var middleware = new ForwardedHeadersMiddleware(_ => Task.CompletedTask, new ForwardedHeadersOptions(), Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance);
        middleware.InvokeAsync(context).GetAwaiter().GetResult();

        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 100; i++) middleware.InvokeAsync(context).GetAwaiter().GetResult();
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.That(allocated, Is.Zero);
    }

    private static ForwardedHeadersOptions Bind(params (string Key, string Value)[] settings) =>
        ForwardedHeadersOptionsBinder.Bind(new ConfigurationBuilder()
            .AddInMemoryCollection(settings.Select(s => new KeyValuePair<string, string?>(s.Key, s.Value))).Build());

    [Test]
    public void Configuration_binds_lists_as_comma_separated_values_or_arrays()
    {
        var options = Bind(
            ("ForwardedHeaders:Headers", "Forwarded, XForwardedPrefix"),
            ("ForwardedHeaders:KnownProxies", "10.0.0.5, 2001:db8::5"),
            ("ForwardedHeaders:KnownNetworks:0", "192.168.0.0/16"),
            ("ForwardedHeaders:KnownNetworks:1", "fd00::/8"),
            ("ForwardedHeaders:ForwardLimit", "2"));

        Assert.That(options.Headers, Is.EqualTo(ForwardedHeaderFields.Forwarded | ForwardedHeaderFields.XForwardedPrefix));
        Assert.That(options.KnownProxies, Is.EqualTo(new[] { IPAddress.Parse("10.0.0.5"), IPAddress.Parse("2001:db8::5") }));
        Assert.That(options.KnownNetworks, Is.EqualTo(new[] { IPNetwork.Parse("192.168.0.0/16"), IPNetwork.Parse("fd00::/8") }));
        Assert.That(options.ForwardLimit, Is.EqualTo(2));
        Assert.That(Bind(("ForwardedHeaders:KnownNetworks", "")).KnownNetworks, Is.Empty);
    }

    [TestCase("ForwardedHeaders:KnownProxies", "10.0.0.300", "'ForwardedHeaders:KnownProxies'")]
    [TestCase("ForwardedHeaders:KnownNetworks", "10.0.0.0/33", "'ForwardedHeaders:KnownNetworks'")]
    [TestCase("ForwardedHeaders:ForwardLimit", "0", "'ForwardedHeaders:ForwardLimit'")]
    [TestCase("ForwardedHeaders:Headers", "XForwardedColour", "'ForwardedHeaders:Headers'")]
    [TestCase("ForwardedHeaders:Headers", "3", "'ForwardedHeaders:Headers'")]
    [TestCase("ForwardedHeaders:Trust", "all", "Unknown configuration key 'ForwardedHeaders:Trust'")]
    public void Bad_configuration_fails_naming_the_key(string key, string value, string expected)
    {
        var error = Assert.Throws<InvalidOperationException>(() => ForwardedHeadersOptionsBinder.Validate(Bind((key, value))));

        Assert.That(error!.Message, Does.Contain(expected));
    }

    [Test]
    public void Forwarded_with_x_forwarded_for_is_refused_at_startup()
    {
        var error = Assert.Throws<InvalidOperationException>(() =>
            ForwardedHeadersOptionsBinder.Validate(new ForwardedHeadersOptions { Headers = ForwardedHeaderFields.Forwarded | ForwardedHeaderFields.XForwardedFor }));

        Assert.That(error!.Message, Does.Contain("'ForwardedHeaders:Headers'").And.Contain("not both"));
    }
}
