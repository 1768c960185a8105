namespace MicroWeb.Templates;

/// <summary>
/// Whether a block exists for a fragment render to write: in the template itself (its own blocks, those nested in
/// sections or other blocks, and the overrides it gives its layouts) or in a layout or partial it includes. Checked
/// before any output, so an unknown block is an error that names it rather than an empty fragment.
/// </summary>
internal static class BlockLookup
{
    /// <exception cref="TemplateException">No template reachable from <paramref name="template"/> has the block.</exception>
    public static void Ensure(Template template, string block, IPartialResolver? resolver, int maxDepth)
    {
        ArgumentNullException.ThrowIfNull(block);
        if (template.BlockNames.Contains(block))
            return;
        var seen = new HashSet<Template> { template };
        if (!InIncludes(template.Nodes, block, resolver, maxDepth, seen))
            throw TemplateException.Unpositioned(template.Name,
                $"No block '{block}' to render as a fragment, in the template or the layouts and partials it includes");
    }

    /// <summary>The names of the blocks written in <paramref name="nodes"/>, at any depth; includes are not followed.</summary>
    public static HashSet<string> NamesIn(Node[] nodes)
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        AddNames(nodes, names);
        return names;
    }

    private static void AddNames(Node[] nodes, HashSet<string> names)
    {
        foreach (var node in nodes)
        {
            switch (node)
            {
                case BlockNode block:
                    names.Add(block.Name);
                    AddNames(block.Children, names);
                    break;
                case SectionNode section:
                    AddNames(section.Children, names);
                    break;
                case ParentNode parent:
                    foreach (var (name, block) in parent.Overrides)
                    {
                        names.Add(name);
                        AddNames(block.Children, names);
                    }
                    break;
            }
        }
    }

    private static bool InIncludes(Node[] nodes, string block, IPartialResolver? resolver, int depth, HashSet<Template> seen)
    {
        if (resolver is null || depth <= 0)
            return false;
        foreach (var node in nodes)
        {
            var found = node switch
            {
                BlockNode b => InIncludes(b.Children, block, resolver, depth, seen),
                SectionNode s => InIncludes(s.Children, block, resolver, depth, seen),
                PartialNode p => InTemplate(resolver.Resolve(p.Name, isParent: false, p.Site), block, resolver, depth, seen),
                ParentNode p => InOverrides(p, block, resolver, depth, seen)
                    || InTemplate(resolver.Resolve(p.Name, isParent: true, p.Site), block, resolver, depth, seen),
                _ => false,
            };
            if (found)
                return true;
        }
        return false;
    }

    private static bool InOverrides(ParentNode parent, string block, IPartialResolver resolver, int depth, HashSet<Template> seen)
    {
        foreach (var (_, overriding) in parent.Overrides)
        {
            if (InIncludes(overriding.Children, block, resolver, depth, seen))
                return true;
        }
        return false;
    }

    private static bool InTemplate(Template? template, string block, IPartialResolver resolver, int depth, HashSet<Template> seen)
    {
        if (template is null || !seen.Add(template))
            return false;
        return template.BlockNames.Contains(block) || InIncludes(template.Nodes, block, resolver, depth - 1, seen);
    }
}
