namespace MicroWeb.Templates;

/// <summary>A template's name and text, kept so errors found after parsing (at render time) can still name a line.</summary>
internal sealed class TemplateSource(string name, string text)
{
    private const int MaxExcerpt = 40;

    public string Name { get; } = name;

    public string Text { get; } = text;

    public (int Line, int Column) LineAndColumn(int offset)
    {
        var before = Text.AsSpan(0, Math.Min(offset, Text.Length));
        var line = before.Count('\n') + 1;
        var column = before.Length - before.LastIndexOf('\n');
        return (line, column);
    }

    public string Excerpt(int offset, int length)
    {
        offset = Math.Min(offset, Text.Length);
        length = Math.Clamp(length, 0, Text.Length - offset);
        var excerpt = Text.AsSpan(offset, length);
        var newline = excerpt.IndexOfAny('\r', '\n');
        if (newline >= 0)
            excerpt = excerpt[..newline];
        return excerpt.Length > MaxExcerpt ? string.Concat(excerpt[..MaxExcerpt], "...") : excerpt.ToString();
    }
}
