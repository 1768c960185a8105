using MicroWeb.Http.Cookies;

namespace MicroWeb.Tests.Http.Cookies;

public class SetCookieHeaderTests
{
    private static readonly object[] Cases =
    [
        new object[] { new CookieOptions(), "id=abc; Path=/; HttpOnly; SameSite=Lax" },
        new object[] { new CookieOptions { Path = null, HttpOnly = false, SameSite = SameSiteMode.Unspecified }, "id=abc" },
        new object[] { new CookieOptions { Path = "/app", Domain = "example.com" }, "id=abc; Path=/app; Domain=example.com; HttpOnly; SameSite=Lax" },
        new object[]
        {
            new CookieOptions { Expires = new DateTimeOffset(2030, 1, 2, 4, 5, 6, TimeSpan.FromHours(1)) },
            "id=abc; Path=/; Expires=Wed, 02 Jan 2030 03:05:06 GMT; HttpOnly; SameSite=Lax",
        },
        new object[] { new CookieOptions { MaxAge = TimeSpan.FromMinutes(90.5) }, "id=abc; Path=/; Max-Age=5430; HttpOnly; SameSite=Lax" },
        new object[] { new CookieOptions { MaxAge = TimeSpan.FromSeconds(-5) }, "id=abc; Path=/; Max-Age=0; HttpOnly; SameSite=Lax" },
        new object[] { new CookieOptions { Secure = true, SameSite = SameSiteMode.Strict }, "id=abc; Path=/; Secure; HttpOnly; SameSite=Strict" },
        new object[] { new CookieOptions { SameSite = SameSiteMode.None }, "id=abc; Path=/; Secure; HttpOnly; SameSite=None" },
        new object[] { new CookieOptions { Partitioned = true, SameSite = SameSiteMode.None }, "id=abc; Path=/; Secure; HttpOnly; SameSite=None; Partitioned" },
    ];

    [TestCaseSource(nameof(Cases))]
    public void Set_cookie_is_formatted(CookieOptions options, string expected) =>
        Assert.That(SetCookieHeader.Format("id", "abc", options), Is.EqualTo(expected));

    [TestCase("")]
    [TestCase("\"quoted\"")]
    [TestCase("a%20b")]
    [TestCase("!#$&'()*+-./:<=>?@[]^_`{|}~")]
    public void Values_made_of_cookie_octets_are_accepted(string value) =>
        Assert.That(SetCookieHeader.Format("id", value, new CookieOptions()), Does.StartWith($"id={value};"));

    [TestCase("__Secure-id")]
    [TestCase("__Host-id")]
    public void Prefixed_names_force_secure(string name) =>
        Assert.That(SetCookieHeader.Format(name, "1", new CookieOptions()), Does.Contain("; Secure"));

    [Test]
    public void Host_prefix_with_a_domain_is_rejected() =>
        Assert.That(() => SetCookieHeader.Format("__Host-id", "1", new CookieOptions { Domain = "example.com" }),
            Throws.ArgumentException.With.Message.Contains("__Host-id"));

    [TestCase("")]
    [TestCase("has space")]
    [TestCase("semi;colon")]
    [TestCase("eq=uals")]
    [TestCase("quo\"te")]
    [TestCase("ünï")]
    [TestCase("new\r\nline")]
    public void Invalid_names_are_rejected(string name) =>
        Assert.That(() => SetCookieHeader.Format(name, "1", new CookieOptions()),
            Throws.ArgumentException.With.Property(nameof(ArgumentException.ParamName)).EqualTo("name"));

    [TestCase("has space")]
    [TestCase("a;b")]
    [TestCase("a,b")]
    [TestCase("back\\slash")]
    [TestCase("in\"side")]
    [TestCase("\"unbalanced")]
    [TestCase("naïve")]
    [TestCase("line\r\nSet-Cookie: evil=1")]
    public void Invalid_values_are_rejected_naming_the_cookie(string value) =>
        Assert.That(() => SetCookieHeader.Format("session", value, new CookieOptions()),
            Throws.ArgumentException.With.Message.Contains("'session'").And.Message.Contains("URL-encode"));

    [TestCase("/a;b", null)]
    [TestCase("/", "example.com\r\nX: 1")]
    public void Attribute_injection_is_rejected(string path, string? domain) =>
        Assert.That(() => SetCookieHeader.Format("id", "1", new CookieOptions { Path = path, Domain = domain }),
            Throws.ArgumentException.With.Message.Contains("'id'"));

    [Test]
    public void Delete_is_an_empty_cookie_expired_in_1970_on_the_same_path_and_domain()
    {
        var options = new CookieOptions { Path = "/app", Domain = "example.com", MaxAge = TimeSpan.FromDays(1), Expires = DateTimeOffset.MaxValue };

        Assert.That(SetCookieHeader.FormatDelete("id", options),
            Is.EqualTo("id=; Path=/app; Domain=example.com; Expires=Thu, 01 Jan 1970 00:00:00 GMT; HttpOnly; SameSite=Lax"));
    }

    [Test]
    public void Delete_validates_the_name() =>
        Assert.That(() => SetCookieHeader.FormatDelete("bad name", new CookieOptions()), Throws.ArgumentException);
}
