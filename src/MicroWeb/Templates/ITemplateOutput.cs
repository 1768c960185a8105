namespace MicroWeb.Templates;

/// <summary>
/// Where a rendered value goes: the runtime renderer's UTF-16 buffer or a compiled view's UTF-8 one. Both write a
/// value whose type is known only at run time through <see cref="TemplateValue.Write"/>, so the two engines format
/// every value the same way (the compiled-view parity tests hold them to byte-identical output).
/// </summary>
internal interface ITemplateOutput
{
    /// <summary>Writes <paramref name="value"/> (nothing for null or empty), HTML-escaped when <paramref name="escape"/>.</summary>
    void WriteString(string? value, bool escape);

    /// <summary>Writes <c>true</c> or <c>false</c>.</summary>
    void WriteBool(bool value);

    /// <summary>Formats <paramref name="value"/> with the invariant culture, without boxing a value type.</summary>
    void WriteFormattable<T>(T value, bool escape) where T : ISpanFormattable;
}
