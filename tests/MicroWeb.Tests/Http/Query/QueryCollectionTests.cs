using Microsoft.Extensions.Primitives;

namespace MicroWeb.Tests.Http.Query;

public class QueryCollectionTests
{
    // Each case: raw query, expected "name=value" pairs in enumeration order (repeated values joined by ',').
    private static readonly object[] Cases =
    [
        new object[] { "?a=1&b=2", new[] { "a=1", "b=2" } },
        new object[] { "a=1&b=2", new[] { "a=1", "b=2" } },
        new object[] { "?tag=x&TAG=y&other=z", new[] { "tag=x,y", "other=z" } },
        new object[] { "?q=hello+world", new[] { "q=hello world" } },
        new object[] { "?q=a%2Bb%20c", new[] { "q=a+b c" } },
        new object[] { "?city=K%C3%B6ln", new[] { "city=Köln" } },
        new object[] { "?emoji=%F0%9F%98%80", new[] { "emoji=😀" } },
        new object[] { "?bad=100%&worse=%zz&half=%4", new[] { "bad=100%", "worse=%zz", "half=%4" } },
        new object[] { "?broken=%C3", new[] { "broken=\uFFFD" } },
        new object[] { "?flag&empty=", new[] { "flag=", "empty=" } },
        new object[] { "?a=1&&b=2&", new[] { "a=1", "b=2" } },
        new object[] { "?eq=a=b", new[] { "eq=a=b" } },
        new object[] { "?n%61me=v", new[] { "name=v" } },
        new object[] { "?=nameless", new[] { "=nameless" } },
    ];

    [TestCaseSource(nameof(Cases))]
    public void Query_parses_into_ordered_case_insensitive_values(string query, string[] expected)
    {
        var collection = QueryCollection.Parse(query);

        var actual = collection.Select(pair => $"{pair.Key}={string.Join(',', pair.Value.ToArray())}");
        Assert.That(actual, Is.EqualTo(expected));
    }

    [TestCase("")]
    [TestCase("?")]
    [TestCase("&&")]
    public void Empty_query_returns_the_shared_empty_instance(string query) =>
        Assert.That(QueryCollection.Parse(query), Is.SameAs(QueryCollection.Empty));

    [Test]
    public void Missing_key_returns_empty_values_instead_of_throwing()
    {
        var query = QueryCollection.Parse("?a=1");

        using (Assert.EnterMultipleScope())
        {
            Assert.That(query["missing"], Is.EqualTo(StringValues.Empty));
            Assert.That(query.ContainsKey("A"), Is.True);
            Assert.That(query.TryGetValue("b", out _), Is.False);
            Assert.That(query.Count, Is.EqualTo(1));
        }
    }

    [Test]
    public void Long_escaped_values_decode_beyond_the_stack_buffer()
    {
        string value = string.Concat(Enumerable.Repeat("%C3%A9", 500));

        Assert.That(QueryCollection.Parse("v=" + value)["v"].ToString(), Is.EqualTo(new string('é', 500)));
    }
}
