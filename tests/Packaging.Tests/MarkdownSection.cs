using System.Text.RegularExpressions;

namespace Packaging.Tests;

/// <summary>The fenced code blocks of one section of a Markdown file: from its heading to the next heading of the same or a higher level.</summary>
internal static partial class MarkdownSection
{
    /// <summary>The blocks fenced as <paramref name="language"/> under <paramref name="heading"/> (e.g. "## Install"), in order.</summary>
    public static IReadOnlyList<string> CodeBlocks(string markdown, string heading, string language)
    {
        string[] lines = markdown.ReplaceLineEndings("\n").Split('\n');
        int start = Array.IndexOf(lines, heading);
        Assert.That(start, Is.GreaterThanOrEqualTo(0), $"the README has no heading '{heading}'");
        int level = heading.TakeWhile(c => c == '#').Count();

        var blocks = new List<string>();
        List<string>? block = null;
        string blockLanguage = "";
        for (int i = start + 1; i < lines.Length; i++)
        {
            string line = lines[i];
            if (block is null)
            {
                var heading2 = Heading().Match(line);
                if (heading2.Success && heading2.Groups[1].Value.Length <= level) break;
                var fence = Fence().Match(line);
                if (fence.Success) { block = []; blockLanguage = fence.Groups[1].Value; }
            }
            else if (line.TrimEnd() == "```")
            {
                if (blockLanguage == language) blocks.Add(string.Join('\n', block));
                block = null;
            }
            else
            {
                block.Add(line);
            }
        }
        return blocks;
    }

    [GeneratedRegex(@"^(#+)\s")]
    private static partial Regex Heading();

    [GeneratedRegex(@"^```(\w+)\s*$")]
    private static partial Regex Fence();
}
