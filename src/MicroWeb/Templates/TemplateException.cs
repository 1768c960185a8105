namespace MicroWeb.Templates;

/// <summary>
/// Thrown when a template cannot be parsed or rendered: a syntax error, a missing partial or layout in a
/// <see cref="TemplateEngine"/>, a name that escapes the template folder, or partials nested deeper than the limit.
/// The message reads <c>name(line,column): reason near 'excerpt'</c>.
/// </summary>
public sealed class TemplateException : Exception
{
    internal TemplateException(string templateName, int line, int column, string excerpt, string reason)
        : base(Format(templateName, line, column, excerpt, reason))
    {
        TemplateName = templateName;
        Line = line;
        Column = column;
        Excerpt = excerpt;
    }

    /// <summary>The name of the template at fault (the file name for templates loaded by <see cref="TemplateEngine"/>).</summary>
    public string TemplateName { get; }

    /// <summary>The 1-based line of the offending tag, or 0 when the error has no position (a template that does not exist).</summary>
    public int Line { get; }

    /// <summary>The 1-based column of the offending tag, or 0 when the error has no position.</summary>
    public int Column { get; }

    /// <summary>The template text at the error, shortened; empty when the error has no position.</summary>
    public string Excerpt { get; }

    internal static TemplateException At(TemplateSource source, int offset, int length, string reason)
    {
        var (line, column) = source.LineAndColumn(offset);
        return new TemplateException(source.Name, line, column, source.Excerpt(offset, length), reason);
    }

    internal static TemplateException Unpositioned(string templateName, string reason) =>
        new(templateName, 0, 0, "", reason);

    private static string Format(string name, int line, int column, string excerpt, string reason) =>
        line == 0 ? $"{name}: {reason}" : $"{name}({line},{column}): {reason} near '{excerpt}'";
}
