using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;

namespace MicroWeb.Generators.Templates;

/// <summary>One template file as an AdditionalFile: its name relative to the template folder, its path and text.</summary>
internal sealed class TemplateFile(string name, string path, string text) : IEquatable<TemplateFile>
{
    public string Name { get; } = name;

    public string Path { get; } = path;

    public string Text { get; } = text;

    public bool Equals(TemplateFile? other) => other is not null && Name == other.Name && Path == other.Path && Text == other.Text;

    public override bool Equals(object? obj) => Equals(obj as TemplateFile);

    public override int GetHashCode() => Name.GetHashCode() ^ Text.Length;

    /// <summary>
    /// The template's name: the item's <c>MicroWebTemplate</c> metadata (set by the package's MicroWeb.targets to the
    /// path below templates/), else the path after the last <c>templates</c> folder; null when neither applies.
    /// </summary>
    public static string? NameOf(string path, string? metadata)
    {
        if (!string.IsNullOrEmpty(metadata))
            return metadata!.Replace('\\', '/');
        var normalized = path.Replace('\\', '/');
        var at = normalized.LastIndexOf("/templates/", StringComparison.Ordinal);
        return at < 0 ? null : normalized.Substring(at + "/templates/".Length);
    }
}

/// <summary>All template files of the compilation, compared by content so unchanged templates keep the output cached.</summary>
internal sealed class TemplateSet(ImmutableArray<TemplateFile> files) : IEquatable<TemplateSet>
{
    private readonly Dictionary<string, TemplateFile> _byName = files
        .GroupBy(f => f.Name, StringComparer.Ordinal)
        .ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);

    public ImmutableArray<TemplateFile> Files { get; } = files;

    public TemplateFile? Find(string name) => _byName.TryGetValue(name, out var file) ? file : null;

    public bool Equals(TemplateSet? other) => other is not null && Files.SequenceEqual(other.Files);

    public override bool Equals(object? obj) => Equals(obj as TemplateSet);

    public override int GetHashCode() => Files.Length;
}

/// <summary>
/// FNV-1a (64-bit) over each file's name and text, UTF-16 code units low byte first; the runtime computes the same
/// (src/MicroWeb/Templates/TemplateHash.cs) to tell whether a compiled view's templates changed on disk.
/// </summary>
internal static class TemplateHash
{
    private const ulong Offset = 14695981039346656037;
    private const ulong Prime = 1099511628211;

    public static ulong Of(IEnumerable<TemplateFile> files)
    {
        var hash = Offset;
        foreach (var file in files)
        {
            hash = Add(hash, file.Name);
            hash = Add(hash, file.Text);
        }
        return hash;
    }

    private static ulong Add(ulong hash, string text)
    {
        foreach (var c in text)
        {
            hash = (hash ^ (byte)c) * Prime;
            hash = (hash ^ (byte)(c >> 8)) * Prime;
        }
        return hash * Prime;
    }
}
