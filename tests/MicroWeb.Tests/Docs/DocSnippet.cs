using System.Text.RegularExpressions;

namespace MicroWeb.Tests.Docs;

/// <summary>
/// One fenced code block of README.md or docs/*.md. A <c>&lt;!-- snippet: NAME --&gt;</c> comment on the line
/// before the fence names the context (Docs/Contexts/NAME.cs) a fragment compiles in; without one the block is a
/// whole file.
/// </summary>
public sealed partial record DocSnippet(string File, int Line, string Language, string? Context, string Code)
{
    /// <summary>Every fenced block of the markdown files under <paramref name="root"/> (README.md and docs/).</summary>
    public static IEnumerable<DocSnippet> All(string root)
    {
        var files = new List<string> { Path.Combine(root, "README.md") };
        files.AddRange(Directory.GetFiles(Path.Combine(root, "docs"), "*.md").Order(StringComparer.Ordinal));
        foreach (var file in files)
        {
            foreach (var snippet in Parse(Path.GetRelativePath(root, file).Replace('\\', '/'), System.IO.File.ReadAllLines(file)))
            {
                yield return snippet;
            }
        }
    }

    /// <summary>The fenced blocks of one markdown file; <see cref="Line"/> is the first line of code (1-based).</summary>
    public static IEnumerable<DocSnippet> Parse(string file, IReadOnlyList<string> lines)
    {
        for (var i = 0; i < lines.Count; i++)
        {
            var open = Fence().Match(lines[i]);
            if (!open.Success) continue;
            var context = i > 0 && Marker().Match(lines[i - 1]) is { Success: true } marker ? marker.Groups[1].Value : null;
            var start = i + 1;
            var end = start;
            while (end < lines.Count && !lines[end].StartsWith("```", StringComparison.Ordinal)) end++;
            if (end == lines.Count) throw new FormatException($"{file}:{i + 1}: the code block is never closed.");
            yield return new DocSnippet(file, start + 1, open.Groups[1].Value, context, string.Join('\n', lines.Skip(start).Take(end - start)));
            i = end;
        }
    }

    /// <summary>Shown as the test case's name.</summary>
    public override string ToString() => $"{File}:{Line}";

    [GeneratedRegex(@"^```(\w[\w#+-]*)\s*$")]
    private static partial Regex Fence();

    [GeneratedRegex(@"^<!--\s*snippet:\s*([\w-]+)\s*-->\s*$")]
    private static partial Regex Marker();
}
