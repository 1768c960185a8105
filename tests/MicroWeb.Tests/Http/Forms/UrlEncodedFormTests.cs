using System.Text;
using MicroWeb.Http.Forms;

namespace MicroWeb.Tests.Http.Forms;

public class UrlEncodedFormTests
{
    private const string ContentType = "application/x-www-form-urlencoded";

    private static Task<FormCollection> Read(string body, FormOptions? options = null, string contentType = ContentType) =>
        FormReader.ReadAsync(new MemoryStream(Encoding.UTF8.GetBytes(body)), contentType, options ?? new FormOptions(), CancellationToken.None);

    private static async Task<BadHttpRequestException> Rejects(Func<Task> read) =>
        (await Assert.ThrowsAsync<BadHttpRequestException>(read))!;

    [Test]
    public async Task Urlencoded_body_decodes_plus_percent_and_utf8()
    {
        using var form = await Read("name=J%C3%BCrgen+M%C3%BCller&tag=a&TAG=b&note=100%25+sure&flag");

        using (Assert.EnterMultipleScope())
        {
            Assert.That(form["name"].ToString(), Is.EqualTo("Jürgen Müller"));
            Assert.That(form["tag"].ToArray(), Is.EqualTo(new[] { "a", "b" }));
            Assert.That(form["note"].ToString(), Is.EqualTo("100% sure"));
            Assert.That(form["flag"].ToString(), Is.Empty);
            Assert.That(form.Keys, Is.EqualTo(new[] { "name", "tag", "note", "flag" }));
            Assert.That(form.Files, Is.Empty);
        }
    }

    [Test]
    public async Task Urlencoded_body_parses_identically_when_it_arrives_one_byte_at_a_time()
    {
        byte[] body = Encoding.UTF8.GetBytes("a=1&b=x%20y&c=%E2%82%AC&a=2");

        using var form = await FormReader.ReadAsync(new OneByteAtATimeStream(body), ContentType, new FormOptions(), CancellationToken.None);

        Assert.That(form.Select(pair => $"{pair.Key}={pair.Value}"), Is.EqualTo(new[] { "a=1,2", "b=x y", "c=€" }));
    }

    [Test]
    public async Task Empty_urlencoded_body_returns_the_shared_empty_form() =>
        Assert.That(await Read(""), Is.SameAs(FormCollection.Empty));

    [Test]
    public async Task Content_type_parameters_and_case_are_ignored_for_urlencoded()
    {
        using var form = await Read("a=1", contentType: "Application/X-WWW-Form-UrlEncoded; charset=UTF-8");

        Assert.That(form["a"].ToString(), Is.EqualTo("1"));
    }

    [Test]
    public async Task Too_many_values_is_413()
    {
        var ex = await Rejects(() => Read("a=1&b=2&c=3", new FormOptions { ValueCountLimit = 2 }));

        Assert.That(ex.StatusCode, Is.EqualTo(413));
        Assert.That(ex.Message, Does.Contain(nameof(FormOptions.ValueCountLimit)));
    }

    [Test]
    public async Task Too_long_key_is_413()
    {
        var ex = await Rejects(() => Read("abcdef=1", new FormOptions { KeyLengthLimit = 5 }));

        Assert.That(ex.StatusCode, Is.EqualTo(413));
        Assert.That(ex.Message, Does.Contain(nameof(FormOptions.KeyLengthLimit)));
    }

    [Test]
    public async Task Too_long_value_is_413()
    {
        var ex = await Rejects(() => Read("a=123456", new FormOptions { ValueLengthLimit = 5 }));

        Assert.That(ex.StatusCode, Is.EqualTo(413));
        Assert.That(ex.Message, Does.Contain(nameof(FormOptions.ValueLengthLimit)));
    }

    [Test]
    public async Task Values_exactly_at_the_limits_are_accepted()
    {
        using var form = await Read("abcde=12345&b=1", new FormOptions { KeyLengthLimit = 5, ValueLengthLimit = 5, ValueCountLimit = 2 });

        Assert.That(form["abcde"].ToString(), Is.EqualTo("12345"));
    }

    [TestCase("text/plain")]
    [TestCase("application/json; charset=utf-8")]
    [TestCase(null)]
    [TestCase("")]
    public async Task Non_form_content_type_is_415(string? contentType)
    {
        var ex = await Rejects(() =>
            FormReader.ReadAsync(new MemoryStream(), contentType, new FormOptions(), CancellationToken.None));

        Assert.That(ex.StatusCode, Is.EqualTo(415));
    }

    [TestCase("application/x-www-form-urlencoded", true)]
    [TestCase("multipart/form-data; boundary=x", true)]
    [TestCase("MULTIPART/FORM-DATA", true)]
    [TestCase("text/plain", false)]
    [TestCase(null, false)]
    public void Form_content_types_are_recognised(string? contentType, bool expected) =>
        Assert.That(FormReader.IsFormContentType(contentType), Is.EqualTo(expected));

    [Test]
    public void Non_positive_limits_are_rejected_when_configured() =>
        Assert.That(() => new FormOptions { ValueCountLimit = 0 }, Throws.TypeOf<ArgumentOutOfRangeException>());
}
