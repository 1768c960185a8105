using Microsoft.Extensions.Primitives;
using MicroWeb.Http.Cookies;

namespace MicroWeb.Tests.Http.Cookies;

public class RequestCookieParserTests
{
    private static readonly object[] Cases =
    [
        new object[] { "a=1", new[] { "a=1" } },
        new object[] { "a=1; b=2", new[] { "a=1", "b=2" } },
        new object[] { "a=1;b=2;  c = 3 ", new[] { "a=1", "b=2", "c=3" } },
        new object[] { "a=\"quoted value\"", new[] { "a=quoted value" } },
        new object[] { "a=\"\"", new[] { "a=" } },
        new object[] { "a=", new[] { "a=" } },
        new object[] { "a=1; a=2", new[] { "a=1" } },
        new object[] { "id=1; ID=2", new[] { "id=1", "ID=2" } },
        new object[] { "a=x=y", new[] { "a=x=y" } },
        new object[] { "a=%20encoded", new[] { "a=%20encoded" } },
        new object[] { "novalue; =nameless; b=2", new[] { "b=2" } },
        new object[] { "bad name=1; ok=2", new[] { "ok=2" } },
        new object[] { "ctl=a\u0001b; ok=2", new[] { "ok=2" } },
        new object[] { ";;; ;", Array.Empty<string>() },
    ];

    [TestCaseSource(nameof(Cases))]
    public void Cookie_header_parses(string header, string[] expected)
    {
        var cookies = RequestCookieParser.Parse(header);

        Assert.That(cookies.Select(pair => $"{pair.Key}={pair.Value}"), Is.EquivalentTo(expected));
    }

    [Test]
    public void Several_cookie_headers_are_read_in_order_and_the_first_name_wins()
    {
        var cookies = RequestCookieParser.Parse(new StringValues(["a=1; b=2", "b=3; c=4"]));

        Assert.That(cookies.Select(pair => $"{pair.Key}={pair.Value}"), Is.EquivalentTo(new[] { "a=1", "b=2", "c=4" }));
    }

    [Test]
    public void Names_are_case_sensitive()
    {
        var cookies = RequestCookieParser.Parse("Session=1");

        Assert.That(cookies.ContainsKey("session"), Is.False);
    }

    [Test]
    public void Request_without_cookies_gets_the_shared_empty_instance()
    {
        using (Assert.EnterMultipleScope())
        {
            Assert.That(RequestCookieParser.Parse(StringValues.Empty), Is.SameAs(RequestCookieParser.Empty));
            Assert.That(RequestCookieParser.Parse(new StringValues((string?)null)), Is.SameAs(RequestCookieParser.Empty));
            Assert.That(RequestCookieParser.Parse("garbage"), Is.SameAs(RequestCookieParser.Empty));
        }
    }
}
