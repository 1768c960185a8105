using System.Net;
using Microsoft.Extensions.Primitives;
using MicroWeb.Middleware.ForwardedHeaders;

namespace MicroWeb.Tests.Middleware.ForwardedHeaders;

/// <summary>The RFC 7239 grammar, the for= node and X-Forwarded-For entry forms, and the right-to-left list reading.</summary>
public class ForwardedHeaderParserTests
{
    [Test]
    public void Forwarded_elements_keep_their_order_with_quoted_values_and_case_insensitive_names()
    {
        var elements = ForwardedHeaderParser.Parse(new StringValues(
            ["for=192.0.2.43, For=\"[2001:db8:cafe::17]:4711\";PROTO=https;host=example.com", "for=198.51.100.17;by=203.0.113.60;proto=http"]));

        Assert.That(elements, Is.EqualTo(new ForwardedElement[]
        {
            new("192.0.2.43", null, null),
            new("[2001:db8:cafe::17]:4711", "https", "example.com"),
            new("198.51.100.17", "http", null),
        }));
    }

    [Test]
    public void Quoted_pairs_are_unescaped_and_empty_elements_and_pairs_are_skipped()
    {
        var elements = ForwardedHeaderParser.Parse(new StringValues(" , for=\"_a\\\"b\" ;; host=\"x.example\" ,, "));

        Assert.That(elements, Is.EqualTo(new ForwardedElement[] { new("_a\"b", null, "x.example") }));
    }

    [TestCase("for")]
    [TestCase("for=")]
    [TestCase("for=1.2.3.4;for=5.6.7.8")]
    [TestCase("for=\"unterminated")]
    [TestCase("for=[::1]")]
    [TestCase("for=1.2.3.4 proto=http")]
    [TestCase("f(r=1.2.3.4")]
    [TestCase("for=\"a\x01\"")]
    public void Malformed_fields_are_rejected_whole(string value)
    {
        Assert.That(ForwardedHeaderParser.Parse(new StringValues(value)), Is.Null);
    }

    [TestCase("192.0.2.43", "192.0.2.43", 0)]
    [TestCase("192.0.2.43:47011", "192.0.2.43", 47011)]
    [TestCase("[2001:db8:cafe::17]", "2001:db8:cafe::17", 0)]
    [TestCase("[2001:db8:cafe::17]:4711", "2001:db8:cafe::17", 4711)]
    [TestCase("192.0.2.43:_hidden", "192.0.2.43", 0)]
    public void A_node_with_an_address_gives_the_client(string node, string address, int port)
    {
        Assert.That(ForwardedNode.TryParseNode(node, out var client, out var hidden), Is.True);
        Assert.That(hidden, Is.False);
        Assert.That(client, Is.EqualTo(new IPEndPoint(IPAddress.Parse(address), port)));
    }

    [TestCase("unknown")]
    [TestCase("UNKNOWN:80")]
    [TestCase("_hidden")]
    [TestCase("_SEVKISEK")]
    public void Unknown_and_obfuscated_nodes_are_well_formed_but_give_no_address(string node)
    {
        Assert.That(ForwardedNode.TryParseNode(node, out var client, out var hidden), Is.True);
        Assert.That(hidden, Is.True);
        Assert.That(client, Is.Null);
    }

    [TestCase("2001:db8::1")]
    [TestCase("127.1")]
    [TestCase("0x7f.0.0.1")]
    [TestCase("[fe80::1%eth0]")]
    [TestCase("192.0.2.43:65536")]
    [TestCase("192.0.2.43:")]
    [TestCase("example.com")]
    [TestCase("_")]
    [TestCase("[::1")]
    public void Invalid_nodes_are_rejected(string node)
    {
        Assert.That(ForwardedNode.TryParseNode(node, out _, out _), Is.False);
    }

    [TestCase("203.0.113.7", "203.0.113.7", 0)]
    [TestCase("203.0.113.7:5555", "203.0.113.7", 5555)]
    [TestCase("2001:db8::7", "2001:db8::7", 0)]
    [TestCase("[2001:db8::7]:5555", "2001:db8::7", 5555)]
    public void X_forwarded_for_takes_the_forms_proxies_write(string entry, string address, int port)
    {
        Assert.That(ForwardedNode.TryParseXForwardedFor(entry, out var client), Is.True);
        Assert.That(client, Is.EqualTo(new IPEndPoint(IPAddress.Parse(address), port)));
    }

    [TestCase("unknown")]
    [TestCase("_hidden")]
    [TestCase("not-an-ip")]
    [TestCase("fe80::1%eth0")]
    [TestCase("1.2.3.4.5")]
    public void X_forwarded_for_rejects_anything_without_an_address(string entry)
    {
        Assert.That(ForwardedNode.TryParseXForwardedFor(entry, out _), Is.False);
    }

    [Test]
    public void The_list_reader_reads_elements_right_to_left_across_field_lines()
    {
        var reader = new ReverseListReader(new StringValues(["a, b", " ,c ,", "d"]));
        var read = new List<string>();
        while (reader.TryRead(out var element)) read.Add(element.ToString());

        Assert.That(read, Is.EqualTo(new[] { "d", "c", "b", "a" }));
    }
}
