using MicroWeb.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Primitives;

namespace MicroWeb.Tests.Http;

public class HeaderDictionaryTests
{
    private static readonly string[] s_unsendable = ["a\rb", "a\nb", "a\r\nSet-Cookie: x=1", "a\0b", "a\u007fb", "a\u0001b", "caf\u00e9", "\ud83d\ude00", new string((char)0xD800, 1)];

    [TestCaseSource(nameof(s_unsendable))]
    public void Setting_a_value_that_cannot_be_sent_throws_naming_the_header(string value)
    {
        var headers = new HeaderDictionary();

        var set = Assert.Throws<ArgumentException>(() => headers["X-Reason"] = value);
        var append = Assert.Throws<ArgumentException>(() => headers.Append("X-Reason", new StringValues(["ok", value])));

        Assert.That(set!.Message, Does.Contain("'X-Reason'"));
        Assert.That(append!.Message, Does.Contain("'X-Reason'"));
        Assert.That(headers.ContainsKey("X-Reason"), Is.False);
    }

    [Test]
    public void Replacing_an_existing_value_with_one_that_cannot_be_sent_keeps_the_old_value()
    {
        var headers = new HeaderDictionary { ["Location"] = "/ok" };

        Assert.Throws<ArgumentException>(() => headers["location"] = "/x\r\n");

        Assert.That(headers["Location"].ToString(), Is.EqualTo("/ok"));
    }

    [Test]
    public void Visible_ascii_space_and_tab_are_accepted()
    {
        var headers = new HeaderDictionary();
        var all = "\t " + string.Concat(Enumerable.Range(0x21, 0x7E - 0x20).Select(c => (char)c));

        headers["X-All"] = all;

        Assert.That(headers["X-All"].ToString(), Is.EqualTo(all));
    }

    [Test]
    public void Response_helpers_reject_unsendable_values_when_set()
    {
        using var services = new ServiceCollection().BuildServiceProvider();
        var response = InMemoryContext.Create(services, "GET", "/", null, null, out _).Response;

        var e = Assert.Throws<ArgumentException>(() => response.ContentType = "text/plain\r\nX-Injected: 1");

        Assert.That(e!.Message, Does.Contain("'Content-Type'"));
    }
}
