using System.Collections.Generic;

namespace MicroWeb.Generators.Templates;

/// <summary>
/// The generator's copy of the runtime engine's node tree (src/MicroWeb/Templates/Nodes.cs): the same shapes, plus
/// each tag's offset and length in its file, so diagnostics point at the tag.
/// </summary>
internal abstract class TemplateNode
{
    protected TemplateNode(int start, int length)
    {
        Start = start;
        Length = length;
    }

    public int Start { get; }

    public int Length { get; }

    /// <summary>The template file the node was written in, for diagnostics.</summary>
    public string File { get; set; } = "";
}

internal sealed class TextNode(string text) : TemplateNode(0, 0)
{
    public string Text { get; } = text;
}

internal sealed class VariableNode(string key, bool escape, int start, int length) : TemplateNode(start, length)
{
    public string Key { get; } = key;

    public bool Escape { get; } = escape;
}

internal sealed class SectionNode(string key, bool inverted, TemplateNode[] children, int start, int length) : TemplateNode(start, length)
{
    public string Key { get; } = key;

    public bool Inverted { get; } = inverted;

    public TemplateNode[] Children { get; } = children;
}

internal sealed class PartialNode(string name, string indent, bool standalone, int start, int length) : TemplateNode(start, length)
{
    public string Name { get; } = name;

    public string Indent { get; } = indent;

    public bool Standalone { get; } = standalone;
}

internal sealed class ParentNode(string name, string indent, bool standalone, Dictionary<string, BlockNode> overrides, int start, int length)
    : TemplateNode(start, length)
{
    public string Name { get; } = name;

    public string Indent { get; } = indent;

    public bool Standalone { get; } = standalone;

    public Dictionary<string, BlockNode> Overrides { get; } = overrides;
}

internal sealed class BlockNode(string name, string indent, bool standalone, TemplateNode[] children, int start, int length)
    : TemplateNode(start, length)
{
    public string Name { get; } = name;

    public string Indent { get; } = indent;

    public bool Standalone { get; } = standalone;

    public TemplateNode[] Children { get; } = children;
}
