namespace MicroWeb.Templates;

/// <summary>
/// FNV-1a (64-bit) over each file's name and text, UTF-16 code units low byte first: the same function the generator
/// embeds in a compiled view (src/MicroWeb.Generators/Templates/TemplateFiles.cs), so the two can be compared.
/// </summary>
internal static class TemplateHash
{
    public const ulong Offset = 14695981039346656037;
    private const ulong Prime = 1099511628211;

    public static ulong Add(ulong hash, string text)
    {
        foreach (var c in text)
        {
            hash = (hash ^ (byte)c) * Prime;
            hash = (hash ^ (byte)(c >> 8)) * Prime;
        }
        return hash * Prime;
    }
}
