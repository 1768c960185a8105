using System.Text;
using Microsoft.Extensions.DependencyInjection;
using MicroWeb.Tests.Support;

namespace MicroWeb.Tests.HttpResults;

public class ResultsTests
{
    private static async Task<(HttpContext Context, string Body)> ExecuteAsync(IResult result, Action<IServiceCollection>? configure = null, string method = "GET")
    {
        var services = new ServiceCollection();
        configure?.Invoke(services);
        await using ServiceProvider provider = services.BuildServiceProvider();
        HttpContext context = InMemoryContext.Create(provider, method, "/", null, null, out MemoryResponseOutput output);
        await result.ExecuteAsync(context);
        return (context, Encoding.UTF8.GetString(output.Body));
    }

    [TestCase("/", true)]
    [TestCase("/messages?page=2", true)]
    [TestCase("//evil.example", false)]
    [TestCase("/\\evil.example", false)]
    [TestCase("https://evil.example/", false)]
    [TestCase("javascript:alert(1)", false)]
    [TestCase("messages", false)]
    [TestCase("", false)]
    [TestCase(null, false)]
    [TestCase("/a\r\nSet-Cookie: x=1", false)]
    public void IsLocalUrl_accepts_only_rooted_paths_on_this_site(string? url, bool local) =>
        Assert.That(MicroWeb.Results.IsLocalUrl(url), Is.EqualTo(local));

    [Test]
    public async Task Redirect_to_a_local_url_is_302_with_Location()
    {
        (HttpContext context, _) = await ExecuteAsync(MicroWeb.Results.Redirect("/messages"));
        Assert.That(context.Response.StatusCode, Is.EqualTo(302));
        Assert.That(context.Response.Headers["Location"].ToString(), Is.EqualTo("/messages"));
    }

    [TestCase("https://evil.example/")]
    [TestCase("//evil.example/")]
    public async Task Redirect_to_another_site_throws_unless_explicitly_external(string url)
    {
        var e = Assert.Throws<ArgumentException>(() => MicroWeb.Results.Redirect(url));
        Assert.That(e!.Message, Does.Contain(url).And.Contain("RedirectExternal"));
        (HttpContext context, _) = await ExecuteAsync(MicroWeb.Results.RedirectExternal(url));
        Assert.That(context.Response.StatusCode, Is.EqualTo(302));
        Assert.That(context.Response.Headers["Location"].ToString(), Is.EqualTo(url));
    }

    [Test]
    public async Task Redirect_with_a_line_break_is_percent_encoded_so_it_cannot_add_a_header_field()
    {
        (HttpContext context, _) = await ExecuteAsync(MicroWeb.Results.RedirectExternal("https://ok.example/\r\nSet-Cookie: a=b"));
        Assert.That(context.Response.Headers["Location"].ToString(), Is.EqualTo("https://ok.example/%0D%0ASet-Cookie:%20a=b"));
        Assert.That(context.Response.Headers.ContainsKey("Set-Cookie"), Is.False);
    }

    // RFC 3986 §2.1/§2.5: only characters a URI may not hold are encoded, as UTF-8; valid %XX escapes stay.
    [TestCase("/messages?page=2&q=a+b#top", "/messages?page=2&q=a+b#top")]
    [TestCase("/caf\u00e9", "/caf%C3%A9")]
    [TestCase("/caf%C3%A9", "/caf%C3%A9")]
    [TestCase("/100%", "/100%25")]
    [TestCase("/a%zz%4", "/a%25zz%254")]
    [TestCase("/a b\"<>\\^`{|}", "/a%20b%22%3C%3E%5C%5E%60%7B%7C%7D")]
    [TestCase("/\U0001F600", "/%F0%9F%98%80")]
    [TestCase("/\0\u007f", "/%00%7F")]
    public async Task Redirect_percent_encodes_what_a_url_may_not_hold(string url, string location)
    {
        (HttpContext context, _) = await ExecuteAsync(MicroWeb.Results.RedirectExternal(url));
        Assert.That(context.Response.Headers["Location"].ToString(), Is.EqualTo(location));
    }

    [Test]
    public async Task Redirect_encodes_a_lone_surrogate_as_the_replacement_character()
    {
        // Built at run time: an attribute argument cannot carry a lone surrogate intact.
        string url = "/" + (char)0xD800 + "x" + (char)0xDC00;
        (HttpContext context, _) = await ExecuteAsync(MicroWeb.Results.RedirectExternal(url));
        Assert.That(context.Response.Headers["Location"].ToString(), Is.EqualTo("/%EF%BF%BDx%EF%BF%BD"));
    }

    [Test]
    public async Task A_download_name_from_the_client_is_encoded_into_content_disposition_not_refused()
    {
        // RFC 6266 §4.3 / RFC 8187: an ASCII fallback plus the UTF-8 name percent-encoded; CR/LF cannot split the field.
        string name = "r\u00e9sum\u00e9 \"1\"\r\nX-Injected: 1" + (char)0xD800 + ".txt";
        (HttpContext context, string body) = await ExecuteAsync(MicroWeb.Results.File("hi"u8.ToArray(), "text/plain", name));

        Assert.That(body, Is.EqualTo("hi"));
        Assert.That(context.Response.Headers["Content-Disposition"].ToString(), Is.EqualTo(
            "attachment; filename=\"r_sum_ _1___X-Injected: 1_.txt\"; filename*=UTF-8''r%C3%A9sum%C3%A9%20%221%22%0D%0AX-Injected%3A%201%EF%BF%BD.txt"));
    }

    [Test]
    public async Task Local_redirect_to_a_non_ascii_path_is_302_with_an_ascii_location()
    {
        (HttpContext context, _) = await ExecuteAsync(MicroWeb.Results.Redirect("/login?returnUrl=/caf\u00e9"));
        Assert.That(context.Response.StatusCode, Is.EqualTo(302));
        Assert.That(context.Response.Headers["Location"].ToString(), Is.EqualTo("/login?returnUrl=/caf%C3%A9"));
    }

    [Test]
    public async Task Permanent_redirect_is_301()
    {
        (HttpContext context, _) = await ExecuteAsync(MicroWeb.Results.RedirectExternal("https://example.org/", permanent: true));
        Assert.That(context.Response.StatusCode, Is.EqualTo(301));
    }

    [Test]
    public async Task Text_html_and_json_set_their_content_types()
    {
        (HttpContext text, string textBody) = await ExecuteAsync(MicroWeb.Results.Text("a,b", "text/csv; charset=utf-8"));
        Assert.That((text.Response.ContentType, textBody), Is.EqualTo(("text/csv; charset=utf-8", "a,b")));
        (HttpContext html, string htmlBody) = await ExecuteAsync(MicroWeb.Results.Html("<b>x</b>"));
        Assert.That((html.Response.ContentType, htmlBody), Is.EqualTo(("text/html; charset=utf-8", "<b>x</b>")));
        (HttpContext json, string jsonBody) = await ExecuteAsync(MicroWeb.Results.Json(new { Id = 1, UserName = "ada" }, 201));
        Assert.That((json.Response.StatusCode, json.Response.ContentType, jsonBody), Is.EqualTo((201, "application/json; charset=utf-8", """{"id":1,"userName":"ada"}""")));
    }

    [Test]
    public async Task Large_json_grows_its_pooled_buffer()
    {
        string big = new('x', 200_000);
        (_, string body) = await ExecuteAsync(MicroWeb.Results.Json(new[] { big, big }));
        Assert.That(body, Has.Length.EqualTo(400_007));
        (_, string small) = await ExecuteAsync(MicroWeb.Results.Json("after"));
        Assert.That(small, Is.EqualTo("\"after\""));
    }

    [Test]
    public async Task Status_results_have_empty_bodies_and_BadRequest_may_say_why()
    {
        Assert.That((await ExecuteAsync(MicroWeb.Results.NotFound())).Context.Response.StatusCode, Is.EqualTo(404));
        Assert.That((await ExecuteAsync(MicroWeb.Results.NoContent())).Context.Response.StatusCode, Is.EqualTo(204));
        Assert.That((await ExecuteAsync(MicroWeb.Results.StatusCode(429))).Context.Response.StatusCode, Is.EqualTo(429));
        (HttpContext context, string body) = await ExecuteAsync(MicroWeb.Results.BadRequest("name is taken"));
        Assert.That((context.Response.StatusCode, body), Is.EqualTo((400, "name is taken")));
    }

    [Test]
    public void Status_code_outside_200_to_999_is_rejected_when_created() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => MicroWeb.Results.StatusCode(99));

    [Test]
    public async Task File_from_bytes_sets_length_type_and_download_name_per_rfc_6266()
    {
        (HttpContext context, string body) = await ExecuteAsync(MicroWeb.Results.File("data"u8.ToArray(), "text/csv", "Résumé \"final\".csv"));
        Assert.That(body, Is.EqualTo("data"));
        Assert.That(context.Response.ContentLength, Is.EqualTo(4));
        Assert.That(context.Response.ContentType, Is.EqualTo("text/csv"));
        Assert.That(context.Response.Headers["Content-Disposition"].ToString(),
            Is.EqualTo("attachment; filename=\"R_sum_ _final_.csv\"; filename*=UTF-8''R%C3%A9sum%C3%A9%20%22final%22.csv"));
    }

    [Test]
    public async Task File_from_a_path_streams_it_and_a_missing_file_is_404()
    {
        string path = Path.GetTempFileName();
        try
        {
            await File.WriteAllTextAsync(path, "on disk");
            (HttpContext context, string body) = await ExecuteAsync(MicroWeb.Results.File(path, "text/plain"));
            Assert.That((context.Response.ContentLength, body), Is.EqualTo(((long?)7, "on disk")));
        }
        finally
        {
            File.Delete(path);
        }

        Assert.That((await ExecuteAsync(MicroWeb.Results.File(path, "text/plain"))).Context.Response.StatusCode, Is.EqualTo(404));
    }

    [Test]
    public async Task File_from_a_stream_is_sent_and_disposed()
    {
        var stream = new MemoryStream("streamed"u8.ToArray());
        (HttpContext context, string body) = await ExecuteAsync(MicroWeb.Results.File(stream, "application/octet-stream"));
        Assert.That((context.Response.ContentLength, body), Is.EqualTo(((long?)8, "streamed")));
        Assert.That(stream.CanRead, Is.False);
    }

    [Test]
    public async Task View_without_a_registered_renderer_throws_naming_the_view()
    {
        var e = await Assert.ThrowsAsync<InvalidOperationException>(() => ExecuteAsync(MicroWeb.Results.View("home.html")));
        Assert.That(e!.Message, Does.StartWith("No view engine registered").And.Contain("home.html"));
    }

    private sealed class EchoRenderer : IViewRenderer
    {
        public void Render(string name, object? model, TextWriter output) => output.Write($"<p>{name}:{model}</p>");
    }

    [Test]
    public async Task View_is_rendered_by_the_registered_renderer_as_html()
    {
        (HttpContext context, string body) = await ExecuteAsync(MicroWeb.Results.View("home.html", 42), s => s.AddSingleton<IViewRenderer, EchoRenderer>());
        Assert.That((context.Response.ContentType, body), Is.EqualTo(("text/html; charset=utf-8", "<p>home.html:42</p>")));
    }
}
