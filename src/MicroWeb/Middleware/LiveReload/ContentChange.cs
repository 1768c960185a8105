namespace MicroWeb.Middleware.LiveReload;

/// <summary>What a burst of file changes asks open pages to do.</summary>
internal readonly record struct ContentChange(ContentChangeKind Kind, string File);

internal enum ContentChangeKind
{
    /// <summary>Reload the page.</summary>
    Page,

    /// <summary>Swap the stylesheet <see cref="ContentChange.File"/> (a file name).</summary>
    Stylesheet,
}
