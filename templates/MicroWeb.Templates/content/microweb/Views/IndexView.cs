using MicroWeb;

namespace MicroWeb.App.Views;

/// <summary>
/// The home page: templates/index.html compiled into C# at build time (docs/templates.md), so every name the template
/// uses is checked by the compiler, and rendering needs no reflection (the app publishes as Native AOT).
/// </summary>
[Template("index.html")]
public sealed partial class IndexView
{
    public required string Title { get; init; }
#if (!NoSamplePage)

    public required IReadOnlyList<Feature> Features { get; init; }
#endif
}
#if (!NoSamplePage)

/// <summary>One of the next steps on the home page.</summary>
public sealed record Feature(string Name, string Text);
#endif
