namespace LoadBench;

/// <summary>The body of <c>GET /json</c>: <c>{"message":"Hello, World!"}</c>.</summary>
public sealed record HelloMessage(string Message);

/// <summary>The body of <c>GET /users/{id}</c>.</summary>
public sealed record UserInfo(int Id, string Name, string Email, bool Active);

/// <summary>A stand-in for a data store, injected as a singleton into the /users controller or handler.</summary>
public sealed class UserRepository
{
    public UserInfo Find(int id) => new(id, "User " + id, "user" + id + "@example.com", Active: id % 3 != 0);
}

/// <summary>
/// The model of <c>GET /page</c>: ten fields and a list of twenty items, built once. Values include
/// <c>&amp; &lt; &gt; "</c> so that escaping is exercised; they avoid <c>'</c>, <c>+</c> and non-ASCII, which
/// MicroWeb and ASP.NET Core's HtmlEncoder escape differently (both correct), so the pages stay byte-identical.
/// Numbers are ints only: their text does not depend on the culture.
/// </summary>
public sealed class PageModel
{
    public static readonly PageModel Instance = Create();

    public required string Title { get; init; }
    public required string SiteName { get; init; }
    public required string Tagline { get; init; }
    public required string UserName { get; init; }
    public required string UserEmail { get; init; }
    public required string Heading { get; init; }
    public required string Intro { get; init; }
    public required int ItemCount { get; init; }
    public required string Generated { get; init; }
    public required string Footer { get; init; }
    public required IReadOnlyList<PageItem> Items { get; init; }

    private static PageModel Create()
    {
        var items = new PageItem[20];
        for (int i = 0; i < items.Length; i++)
        {
            int id = i + 1;
            items[i] = new PageItem(
                id,
                id % 4 == 0 ? $"Widget {id} & Sons" : $"Widget {id}",
                id % 5 == 0 ? $"A <b>bold</b> \"claim\" about widget {id}" : $"A plain description of widget number {id}",
                $"${id * 3}.{id * 7 % 100:00}",
                InStock: id % 3 != 0);
        }

        return new PageModel
        {
            Title = "Spring catalogue",
            SiteName = "Load & Co",
            Tagline = "Widgets <since 1999>",
            UserName = "Ada \"the analyst\" Lovelace",
            UserEmail = "ada@example.com",
            Heading = "Widgets for every occasion",
            Intro = "Prices & availability for our \"spring\" <sale> items, updated daily.",
            ItemCount = items.Length,
            Generated = "2025-01-01 12:00 UTC",
            Footer = "Copyright 2025 Load & Co.",
            Items = items,
        };
    }
}

public sealed record PageItem(int Id, string Name, string Description, string Price, bool InStock);
