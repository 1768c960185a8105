namespace MicroWeb.Tests.Templates;

// Models for the compiled-view tests: each [Template] class is compiled by MicroWeb.Generators (an analyzer of this
// project), and the same objects are rendered by the runtime engine through reflection for the parity tests.

public enum Kind
{
    Plain,
    Fancy,
}

public sealed class Address
{
    public string City { get; init; } = "";
}

public sealed class User
{
    public string Name { get; init; } = "";

    public Address? Address { get; init; }
}

public struct Point
{
    public int X;

    public int Y { get; init; }
}

[Template("compiled/basics.html")]
public sealed partial class BasicsView
{
    public string Title { get; init; } = "";

    public string? Raw { get; init; }

    public int Count { get; init; }

    public decimal Price { get; init; }

    public double Ratio { get; init; }

    public DateTime When { get; init; }

    public bool Flag { get; init; }

    public bool Off { get; init; }

    public Kind Kind { get; init; }

    public char Letter { get; init; }

    public long Big { get; init; }

    public int? Maybe { get; init; }

    public int? Nothing { get; init; }

    public bool? MaybeOn { get; init; }

    public bool? MaybeOff { get; init; }

    public int Zero { get; init; }

    public User? User { get; init; }

    public User? MissingUser { get; init; }

    public string Empty { get; init; } = "";

    public Point Point { get; init; }

    public Uri? Object { get; init; }
}

public sealed class ListItem
{
    public int Id { get; init; }

    public string Name { get; init; } = "";

    public List<string> Tags { get; init; } = [];
}

[Template("compiled/lists.html")]
public sealed partial class ListsView
{
    public string Title { get; init; } = "";

    public List<ListItem?> Items { get; init; } = [];

    public ListItem[] NoItems { get; init; } = [];

    public IEnumerable<int> Numbers { get; init; } = [];

    public List<int[]> Nested { get; init; } = [];

    public IReadOnlyList<string> Words { get; init; } = [];
}

[Template("compiled/partials.html")]
public sealed partial class PartialsView
{
    public string Name { get; init; } = "";

    public int Id { get; init; }

    public IReadOnlyList<ListItem> Items { get; init; } = [];
}

[Template("compiled/page.html")]
public sealed partial class LayoutPageView
{
    public string Title { get; init; } = "";

    public IReadOnlyList<ListItem> Items { get; init; } = [];
}

// The MessageBoard sample's templates, with the models the sample passes as anonymous objects, written as classes.

public class SampleLayout
{
    public string Title { get; init; } = "";

    public string PathBase { get; init; } = "";

    public string? CurrentUser { get; init; }

    public string Csrf { get; init; } = "";

    public string? Flash { get; init; }
}

public sealed class SampleMessage
{
    public long Id { get; init; }

    public string Author { get; init; } = "";

    public string AuthorUrl { get; init; } = "";

    public string Iso { get; init; } = "";

    public string Time { get; init; } = "";

    public string Text { get; init; } = "";

    public bool Mine { get; init; }
}

public sealed class SamplePager
{
    public bool ShowPager { get; init; }

    public bool HasPrevious { get; init; }

    public string PreviousUrl { get; init; } = "";

    public int Page { get; init; }

    public int TotalPages { get; init; }

    public bool HasNext { get; init; }

    public string NextUrl { get; init; } = "";
}

public sealed class SampleLive
{
    public string Url { get; init; } = "";
}

[Template("board.html")]
public sealed partial class SampleBoardView : SampleLayout
{
    public string? Error { get; init; }

    public string? Text { get; init; }

    public SampleLive? Live { get; init; }

    public IReadOnlyList<SampleMessage> Messages { get; init; } = [];

    public SamplePager? Pager { get; init; }
}

[Template("user.html")]
public sealed partial class SampleUserView : SampleLayout
{
    public string Name { get; init; } = "";

    public string Count { get; init; } = "";

    public IReadOnlyList<SampleMessage> Messages { get; init; } = [];

    public SamplePager? Pager { get; init; }
}

[Template("login.html")]
public sealed partial class SampleLoginView : SampleLayout
{
    public string? ReturnUrl { get; init; }

    public string? Error { get; init; }

    public string Username { get; init; } = "";
}

[Template("error.html")]
public sealed partial class SampleErrorView : SampleLayout
{
    public string Message { get; init; } = "";

    public string TraceId { get; init; } = "";
}

[Template("errors/404.html")]
public sealed partial class SampleNotFoundView : SampleLayout
{
    public string Path { get; init; } = "";
}
