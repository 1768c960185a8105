using MicroWeb.Routing;
using MicroWeb.Tests.Support;

namespace MicroWeb.Tests.Routing;

/// <summary>
/// Route values as offsets into the request path: the strings they make, the numbers parsed from the path's own
/// characters, and values that stay right after the connection has moved on to its next request.
/// </summary>
public class RouteValueTests
{
    private static RouteValues Values(string template, string path)
    {
        var table = new RouteTable<string>([new RouteDefinition<string>(RoutePattern.Parse(template), ["GET"], "e", "e")]);
        var match = table.Match(path, "GET");
        Assert.That(match.Kind, Is.EqualTo(RouteMatchKind.Matched), path);
        return match.Values;
    }

    [Test]
    public void Several_parameters_and_a_catch_all_each_read_their_own_segment()
    {
        var values = Values("/a/{x}/b/{y:int}/{*rest}", "/a/first/b/42/c/d.txt/");
        Assert.That(values.Count, Is.EqualTo(3));
        Assert.That(values["x"], Is.EqualTo("first"));
        Assert.That(values["Y"], Is.EqualTo("42"), "names compare case-insensitively");
        Assert.That(values["rest"], Is.EqualTo("c/d.txt"), "the catch-all takes the rest, without the trailing '/'");
        Assert.That(values.TryParse(1, out int y) ? y : -1, Is.EqualTo(42));
        Assert.That(values.ToDictionary(p => p.Key, p => p.Value), Is.EqualTo(new Dictionary<string, string?>
        {
            ["x"] = "first",
            ["y"] = "42",
            ["rest"] = "c/d.txt",
        }));
    }

    [Test]
    public void An_encoded_slash_is_decoded_in_the_string_and_in_the_span()
    {
        var values = Values("/files/{name}/{*path}", "/files/a%2Fb/x%2fy/z");
        Assert.That(values["name"], Is.EqualTo("a/b"));
        Assert.That(values["path"], Is.EqualTo("x/y/z"));
        Assert.That(values.TryGetSpan(0, out var span) ? span.ToString() : null, Is.EqualTo("a/b"));
        Assert.That(Values("/n/{id}", "/n/1%2F2").TryParse(0, out int _), Is.False, "1/2 is not a number");
    }

    [Test]
    public void A_value_read_twice_is_the_same_both_times()
    {
        var values = Values("/users/{id}/{name}", "/users/7/Ada");
        var first = values["name"];
        var second = values["name"];
        Assert.That(first, Is.EqualTo("Ada"));
        Assert.That(second, Is.EqualTo(first));
        Assert.That(values.TryParse(0, out int a) && values.TryParse(0, out int b) && a == b && a == 7, Is.True);
    }

    [Test]
    public void Left_out_optional_parameters_take_their_defaults_in_every_accessor()
    {
        var values = Values("/list/{page:int=3}/{size?}", "/list");
        Assert.That(values["page"], Is.EqualTo("3"));
        Assert.That(values.TryParse(0, out int page) ? page : -1, Is.EqualTo(3));
        Assert.That(values["size"], Is.Null);
        Assert.That(values.TryGetValue("size", out _), Is.False);
        Assert.That(values.TryGetSpan(1, out _), Is.False);
        Assert.That(values.TryParse(1, out int _), Is.False);
        Assert.That(Values("/list/{page:int=3}/{size?}", "/list/9/20")["size"], Is.EqualTo("20"));
    }

    [Test]
    public void Long_and_guid_parse_from_the_path_and_other_types_are_left_to_the_converter()
    {
        var guid = Guid.NewGuid();
        var values = Values("/x/{big}/{id}/{flag}", $"/x/9000000000/{guid}/true");
        Assert.That(values.TryParse(0, out long big) ? big : 0, Is.EqualTo(9_000_000_000L));
        Assert.That(values.TryParse(0, out int _), Is.False, "too large for an int");
        Assert.That(values.TryParse(1, out Guid id) ? id : Guid.Empty, Is.EqualTo(guid));
        Assert.That(values.TryParse(2, out bool _), Is.False, "bool is not parsed here");
        Assert.That(values.TryParse(0, out string? _), Is.False);
    }

    [Test]
    public void Default_route_values_are_empty()
    {
        var values = default(RouteValues);
        Assert.That(values.Count, Is.Zero);
        Assert.That(values["x"], Is.Null);
        Assert.That(values.Any(), Is.False);
    }

    [Test]
    public void Matching_and_parsing_a_route_value_allocate_nothing()
    {
        var table = new RouteTable<string>([new RouteDefinition<string>(RoutePattern.Parse("/users/{id:int}/posts/{slug}"), ["GET"], "e", "e")]);
        const string path = "/users/42/posts/hello";
        var sum = 0;
        for (var i = 0; i < 10; i++) sum += Lookup();
        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 1000; i++) sum += Lookup();
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.That(sum, Is.EqualTo(1010 * 47));
        Assert.That(allocated, Is.Zero);

        int Lookup()
        {
            var values = table.Match(path, "GET").Values;
            return values.TryParse(0, out int id) && values.TryGetSpan(1, out var slug) ? id + slug.Length : 0;
        }
    }

    [Test]
    public async Task Values_kept_from_a_request_still_read_it_after_the_next_pipelined_request()
    {
        var kept = new List<RouteValues>();
        await using var server = await TestServer.StartAsync(null, configurePipeline: app =>
            app.MapGet("/items/{id:int}/{*rest}", (int id, RouteValues values) =>
            {
                lock (kept) kept.Add(values);
                return $"{id}|{values["id"]}|{values["rest"]}";
            }));
        using var connection = await server.ConnectAsync();
        await connection.SendAsync(
            "GET /items/1/caf%C3%A9/a%2Fb HTTP/1.1\r\nHost: t\r\n\r\n" +
            "GET /items/22/x HTTP/1.1\r\nHost: t\r\n\r\n" +
            "GET /items/333/y/z HTTP/1.1\r\nHost: t\r\n\r\n");
        var bodies = new List<string>();
        for (var i = 0; i < 3; i++) bodies.Add((await connection.ReadResponseAsync()).BodyText);

        Assert.That(bodies, Is.EqualTo(new[] { "1|1|café/a/b", "22|22|x", "333|333|y/z" }));
        lock (kept)
        {
            Assert.That(kept.Select(v => $"{v["id"]}|{v["rest"]}"), Is.EqualTo(new[] { "1|café/a/b", "22|x", "333|y/z" }));
        }
    }
}
