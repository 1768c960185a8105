namespace MicroWeb.Templates;

/// <summary>
/// A parsed template: Mustache with <c>&lt;&lt;</c> and <c>&gt;&gt;</c> as the default delimiters. Parse once, render
/// many times, from any number of threads.
/// </summary>
/// <example>
/// <code>
/// var page = Template.Parse("&lt;h1&gt;&lt;&lt;title&gt;&gt;&lt;/h1&gt;&lt;&lt;#items&gt;&gt;&lt;p&gt;&lt;&lt;.&gt;&gt;&lt;/p&gt;&lt;&lt;/items&gt;&gt;");
/// string html = page.Render(new { title = "Hi", items = new[] { "a", "b" } });
/// </code>
/// </example>
public sealed class Template
{
    /// <summary>How deeply partials and parents may nest when rendering a template on its own.</summary>
    internal const int DefaultMaxDepth = 32;

    private HashSet<string>? _blockNames;

    private Template(TemplateSource source, Node[] nodes)
    {
        Source = source;
        Nodes = nodes;
    }

    /// <summary>The name used in error messages: the file name for templates loaded by <see cref="TemplateEngine"/>.</summary>
    public string Name => Source.Name;

    internal TemplateSource Source { get; }

    internal Node[] Nodes { get; }

    /// <summary>The blocks written in this template (not in what it includes), for fragment renders.</summary>
    internal HashSet<string> BlockNames
    {
        get
        {
            // Built on first use; a race builds it twice, and either copy is the same read-only set.
            var names = Volatile.Read(ref _blockNames);
            if (names is null)
            {
                names = BlockLookup.NamesIn(Nodes);
                Volatile.Write(ref _blockNames, names);
            }
            return names;
        }
    }

    /// <summary>Parses <paramref name="source"/>, naming it "template" in error messages.</summary>
    /// <exception cref="TemplateException">The template has a syntax error.</exception>
    public static Template Parse(string source) => Parse(source, "template");

    /// <summary>Parses <paramref name="source"/>; <paramref name="name"/> appears in error messages.</summary>
    /// <exception cref="TemplateException">The template has a syntax error.</exception>
    public static Template Parse(string source, string name)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(name);
        var templateSource = new TemplateSource(name, source);
        return new Template(templateSource, Parser.Parse(templateSource));
    }

    /// <summary>Renders the template against <paramref name="model"/> and returns the output.</summary>
    /// <param name="model">The root context: a dictionary, an object, a <c>JsonElement</c> or <c>JsonNode</c>, a list, or a scalar.</param>
    /// <param name="partials">
    /// Returns the source of the partial or parent template with the given name, or null if there is none, in
    /// which case the tag renders nothing. Without it every partial renders nothing.
    /// </param>
    /// <exception cref="TemplateException">A partial has a syntax error, or partials nest too deeply.</exception>
    public string Render(object? model, Func<string, string?>? partials = null) =>
        Renderer.RenderToString(Nodes, model, Resolver(partials), DefaultMaxDepth);

    /// <summary>Renders the template against <paramref name="model"/> into <paramref name="output"/>.</summary>
    /// <param name="model">The root context: a dictionary, an object, a <c>JsonElement</c> or <c>JsonNode</c>, a list, or a scalar.</param>
    /// <param name="output">Receives the output in chunks.</param>
    /// <param name="partials">Returns the source of the named partial or parent, or null if there is none.</param>
    /// <exception cref="TemplateException">A partial has a syntax error, or partials nest too deeply.</exception>
    public void Render(object? model, TextWriter output, Func<string, string?>? partials = null)
    {
        ArgumentNullException.ThrowIfNull(output);
        Renderer.RenderToWriter(Nodes, model, output, Resolver(partials), DefaultMaxDepth);
    }

    /// <summary>
    /// Renders only block <paramref name="block"/> (<c>&lt;&lt;$block&gt;&gt;</c>) as it renders inside the whole
    /// template, with the same model, sections and layout overrides, but without the text around it: the fragment
    /// an htmx request swaps into the page. The block's content starts at column 0.
    /// </summary>
    /// <param name="block">The block's name; it may sit in this template, in a layout it extends or in a partial.</param>
    /// <param name="model">The whole template's model.</param>
    /// <param name="partials">Returns the source of the named partial or parent, or null if there is none.</param>
    /// <exception cref="TemplateException">No such block, a partial has a syntax error, or partials nest too deeply.</exception>
    public string RenderFragment(string block, object? model, Func<string, string?>? partials = null)
    {
        var resolver = Resolver(partials);
        return RenderFragment(block, model, resolver, DefaultMaxDepth);
    }

    /// <summary>Renders only block <paramref name="block"/> into <paramref name="output"/>; see <see cref="RenderFragment(string, object?, Func{string, string?}?)"/>.</summary>
    /// <param name="block">The block's name.</param>
    /// <param name="model">The whole template's model.</param>
    /// <param name="output">Receives the output in chunks.</param>
    /// <param name="partials">Returns the source of the named partial or parent, or null if there is none.</param>
    /// <exception cref="TemplateException">No such block, a partial has a syntax error, or partials nest too deeply.</exception>
    public void RenderFragment(string block, object? model, TextWriter output, Func<string, string?>? partials = null)
    {
        ArgumentNullException.ThrowIfNull(output);
        RenderFragment(block, model, output, Resolver(partials), DefaultMaxDepth);
    }

    internal void RenderFragment(string block, object? model, TextWriter output, IPartialResolver? resolver, int maxDepth)
    {
        BlockLookup.Ensure(this, block, resolver, maxDepth);
        Renderer.RenderToWriter(Nodes, model, output, resolver, maxDepth, block);
    }

    internal string RenderFragment(string block, object? model, IPartialResolver? resolver, int maxDepth)
    {
        BlockLookup.Ensure(this, block, resolver, maxDepth);
        return Renderer.RenderToString(Nodes, model, resolver, maxDepth, block);
    }

    internal void Render(object? model, TextWriter output, IPartialResolver resolver, int maxDepth) =>
        Renderer.RenderToWriter(Nodes, model, output, resolver, maxDepth);

    internal string Render(object? model, IPartialResolver resolver, int maxDepth) =>
        Renderer.RenderToString(Nodes, model, resolver, maxDepth);

    private static FuncPartialResolver? Resolver(Func<string, string?>? partials) =>
        partials is null ? null : new FuncPartialResolver(partials);

    /// <summary>Parses each partial the first time a render asks for it, and keeps it for the rest of that render.</summary>
    private sealed class FuncPartialResolver(Func<string, string?> partials) : IPartialResolver
    {
        private readonly Dictionary<string, Template?> _parsed = new(StringComparer.Ordinal);

        public Template? Resolve(string name, bool isParent, TagSite site)
        {
            if (!_parsed.TryGetValue(name, out var template))
            {
                template = partials(name) is { } source ? Parse(source, name) : null;
                _parsed[name] = template;
            }
            return template;
        }
    }
}
