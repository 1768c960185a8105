namespace MicroWeb.Templates;

/// <summary>One piece of a parsed template. Trees are immutable after parsing and shared by concurrent renders.</summary>
internal abstract class Node
{
    public abstract void Render(Renderer renderer);
}

internal sealed class TextNode(string text) : Node
{
    public override void Render(Renderer renderer) => renderer.WriteLiteral(text);
}

/// <summary>A tag's key, split on '.' once at parse time. The implicit iterator <c>.</c> has no parts.</summary>
internal sealed class Key(string text)
{
    public string[] Parts { get; } = text == "." ? [] : text.Split('.');
}

internal sealed class VariableNode(Key key, bool escape) : Node
{
    public override void Render(Renderer renderer) => renderer.WriteVariable(key, escape);
}

internal sealed class SectionNode(Key key, bool inverted, Node[] children) : Node
{
    public Node[] Children => children;

    public override void Render(Renderer renderer)
    {
        var value = renderer.Resolve(key);
        if (inverted)
        {
            if (Renderer.IsFalsey(value))
                renderer.RenderNodes(children);
        }
        else
        {
            renderer.RenderSection(value, children);
        }
    }
}

/// <summary>
/// Where a partial or parent tag sits, so a failure to include it names the including template and line.
/// </summary>
internal readonly record struct TagSite(TemplateSource Source, int Offset, int Length)
{
    public TemplateException Error(string reason) => TemplateException.At(Source, Offset, Length, reason);
}

/// <summary>
/// <c>&lt;&lt;&gt;name&gt;&gt;</c>. <c>indent</c> is the whitespace before a standalone tag, prepended to
/// every line the partial renders (spec: partials, "Standalone Indentation").
/// </summary>
internal sealed class PartialNode(string name, string indent, bool standalone, TagSite site) : Node
{
    public string Name => name;

    public TagSite Site => site;

    public override void Render(Renderer renderer) =>
        renderer.RenderInclude(name, indent, standalone, site, overrides: null);
}

/// <summary><c>&lt;&lt;&lt;name&gt;&gt;</c> … <c>&lt;&lt;/name&gt;&gt;</c>: a partial whose blocks the tag's own blocks replace.</summary>
internal sealed class ParentNode(string name, string indent, bool standalone, TagSite site,
    IReadOnlyDictionary<string, BlockNode> overrides) : Node
{
    public string Name => name;

    public TagSite Site => site;

    public IReadOnlyDictionary<string, BlockNode> Overrides => overrides;

    public override void Render(Renderer renderer) =>
        renderer.RenderInclude(name, indent, standalone, site, overrides);
}

/// <summary>
/// <c>&lt;&lt;$name&gt;&gt;</c> … <c>&lt;&lt;/name&gt;&gt;</c>. The children are stored with the block's own indentation
/// removed (<c>indent</c>), and that indentation is added back wherever the block — or an override of it —
/// is rendered (spec: ~inheritance, "Block reindentation").
/// </summary>
internal sealed class BlockNode(string name, string indent, bool standalone, Node[] children) : Node
{
    public string Name { get; } = name;

    public Node[] Children { get; } = children;

    public override void Render(Renderer renderer) =>
        renderer.RenderBlock(renderer.FindOverride(Name) ?? this, indent, standalone);
}
