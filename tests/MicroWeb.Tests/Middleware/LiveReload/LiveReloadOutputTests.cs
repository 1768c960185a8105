using System.Text;
using Microsoft.Extensions.DependencyInjection;
using MicroWeb.Middleware.LiveReload;
using MicroWeb.Tests.Support;

namespace MicroWeb.Tests.Middleware.LiveReload;

/// <summary>The output filter that puts the script tag before <c>&lt;/body&gt;</c>, fed in chosen pieces.</summary>
public class LiveReloadOutputTests
{
    private static readonly byte[] s_tag = "<script src=\"/_microweb/reload.js\"></script>\n"u8.ToArray();

    private static string Run(string contentType, long? contentLength, params string[] writes)
    {
        using var services = new ServiceCollection().BuildServiceProvider();
        var context = InMemoryContext.Create(services, "GET", "/", null, null, out var memory);
        context.Response.ContentType = contentType;
        context.Response.ContentLength = contentLength;
        var output = new LiveReloadOutput(context.Response, memory, s_tag);
        foreach (var write in writes)
            output.Write(Encoding.UTF8.GetBytes(write));
        output.Complete();
        return Encoding.UTF8.GetString(memory.Body);
    }

    [Test]
    public void The_tag_goes_just_before_the_closing_body_tag()
    {
        Assert.That(Run("text/html; charset=utf-8", null, "<html><body><p>hi</p></body></html>"),
            Is.EqualTo("<html><body><p>hi</p><script src=\"/_microweb/reload.js\"></script>\n</body></html>"));
    }

    [TestCase(1)]
    [TestCase(2)]
    [TestCase(3)]
    [TestCase(5)]
    public void A_closing_body_tag_split_across_writes_is_found(int size)
    {
        const string page = "<p>a</p></BODY></html>";
        var pieces = Enumerable.Range(0, (page.Length + size - 1) / size).Select(i => page.Substring(i * size, Math.Min(size, page.Length - i * size))).ToArray();

        Assert.That(Run("text/html", null, pieces), Is.EqualTo("<p>a</p><script src=\"/_microweb/reload.js\"></script>\n</BODY></html>"));
    }

    [Test]
    public void Near_misses_pass_through_unchanged_and_only_the_first_tag_gets_the_script()
    {
        var result = Run("text/html", null, "</bo", "dy-not</b<</body>", "x</body>");

        Assert.That(result, Is.EqualTo("</body-not</b<<script src=\"/_microweb/reload.js\"></script>\n</body>x</body>"));
    }

    [Test]
    public void A_fragment_without_a_closing_body_tag_is_left_as_it_is_even_when_it_ends_like_one()
    {
        Assert.That(Run("text/html", null, "<li>a</li>", "</bo"), Is.EqualTo("<li>a</li></bo"));
    }

    [TestCase("application/json", null)]
    [TestCase("text/plain", null)]
    [TestCase("text/html", 21L)]
    public void Other_types_and_announced_lengths_are_not_touched(string type, long? length)
    {
        Assert.That(Run(type, length, "<body></body>", "</html>"), Is.EqualTo("<body></body></html>"));
    }
}
