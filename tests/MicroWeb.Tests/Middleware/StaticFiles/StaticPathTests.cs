using MicroWeb.Http.Files;
using MicroWeb.Middleware.StaticFiles;

namespace MicroWeb.Tests.Middleware.StaticFiles;

public class StaticPathTests
{
    [TestCase("", "")]
    [TestCase("/", "")]
    [TestCase("/a.css", "a.css")]
    [TestCase("/css/site.css", "css/site.css")]
    [TestCase("/docs/", "docs/")]
    [TestCase("/naïve/ü.txt", "naïve/ü.txt")]
    [TestCase("/a..b.txt", "a..b.txt")]
    public void Valid_subpaths_become_relative_paths(string subpath, string expected)
    {
        Assert.That(StaticPathValidator.TryGetRelativePath(subpath, allowDotFiles: false, out var relative), Is.True);
        Assert.That(relative.ToString(), Is.EqualTo(expected));
    }

    [TestCase("a.css")]
    [TestCase("//a.css")]
    [TestCase("/a//b")]
    [TestCase("/..")]
    [TestCase("/./a")]
    [TestCase("/...")]
    [TestCase("/.env")]
    [TestCase("/a/.git/config")]
    [TestCase("/a\\b")]
    [TestCase("/C:/x")]
    [TestCase("/a%2Fb")]
    [TestCase("/%2e%2e")]
    [TestCase("/a\0b")]
    [TestCase("/a\tb")]
    [TestCase("/a*")]
    [TestCase("/a|b")]
    [TestCase("/a.")]
    [TestCase("/a ")]
    public void Suspicious_subpaths_are_refused(string subpath) =>
        Assert.That(StaticPathValidator.TryGetRelativePath(subpath, allowDotFiles: false, out _), Is.False);

    [Test]
    public void Dot_files_pass_only_when_allowed_and_dot_only_segments_never()
    {
        Assert.That(StaticPathValidator.TryGetRelativePath("/.well-known/a.txt", allowDotFiles: true, out _), Is.True);
        Assert.That(StaticPathValidator.TryGetRelativePath("/../a.txt", allowDotFiles: true, out _), Is.False);
        Assert.That(StaticPathValidator.TryGetRelativePath("/.../a.txt", allowDotFiles: true, out _), Is.False);
    }

    [TestCase("\"a\"", "\"a\"", true, true)]
    [TestCase("W/\"a\"", "\"a\"", true, true)]
    [TestCase("W/\"a\"", "\"a\"", false, false)]
    [TestCase("\"a\"", "W/\"a\"", false, false)]
    [TestCase("\"x\", \"a\"", "\"a\"", false, true)]
    [TestCase("\"x\",\"y\"", "\"a\"", true, false)]
    [TestCase("*", "\"a\"", false, true)]
    [TestCase("\"a,b\"", "\"a,b\"", true, true)]
    [TestCase("garbage", "\"a\"", true, false)]
    [TestCase("", "\"a\"", true, false)]
    public void Entity_tag_lists_compare_weakly_or_strongly(string header, string etag, bool weak, bool expected) =>
        Assert.That(HttpValidators.ListMatches(header, etag, weak), Is.EqualTo(expected));

    [TestCase("bytes=0-0", 10, "Single", 0, 1)]
    [TestCase("bytes=9-", 10, "Single", 9, 1)]
    [TestCase("bytes=-10", 10, "Single", 0, 10)]
    [TestCase("bytes=-11", 10, "Single", 0, 10)]
    [TestCase("bytes=10-", 10, "Unsatisfiable", 0, 0)]
    [TestCase("bytes=0-", 0, "Unsatisfiable", 0, 0)]
    [TestCase("bytes=-1", 0, "Unsatisfiable", 0, 0)]
    [TestCase("bytes=0-99999999999999999999", 10, "None", 0, 0)]
    [TestCase("bytes=+1-2", 10, "None", 0, 0)]
    [TestCase("bytes=1-2,3-4", 10, "None", 0, 0)]
    [TestCase("bytes=3", 10, "None", 0, 0)]
    public void Byte_ranges_parse_to_start_and_count(string header, long length, string expected, long start, long count)
    {
        var kind = Enum.Parse<HttpValidators.RangeKind>(expected);
        Assert.That(HttpValidators.ParseRange(header, length, out var actualStart, out var actualCount), Is.EqualTo(kind));
        if (kind == HttpValidators.RangeKind.Single) Assert.That((actualStart, actualCount), Is.EqualTo((start, count)));
    }
}
