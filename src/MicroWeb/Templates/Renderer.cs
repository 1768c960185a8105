using System.Buffers;
using System.Collections;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace MicroWeb.Templates;

/// <summary>Finds the template a partial or parent tag names.</summary>
internal interface IPartialResolver
{
    /// <summary>The template, or null to render nothing (spec behaviour); strict resolvers throw instead.</summary>
    Template? Resolve(string name, bool isParent, TagSite site);
}

/// <summary>
/// Walks a node tree and writes output. Holds the context stack, the output buffer, the indentation of
/// standalone partials and blocks, and the block overrides of the parents being rendered. One instance is cached
/// per thread, so a render allocates nothing but its output.
/// </summary>
internal sealed class Renderer : ITemplateOutput
{
    private const int InitialBufferSize = 4096;
    private const int MaxRetainedBufferSize = 256 * 1024;

    private static readonly SearchValues<char> s_htmlSpecial = SearchValues.Create("&<>\"'");

    [ThreadStatic]
    private static Renderer? t_cached;

    private readonly List<IReadOnlyDictionary<string, BlockNode>> _overrides = [];
    private char[] _buffer = ArrayPool<char>.Shared.Rent(InitialBufferSize);
    private int _pos;
    private TextWriter? _sink;
    private object?[] _stack = new object?[16];
    private int _count;
    /// <summary>Prefix for each line of literal text; non-empty only inside standalone partials and blocks.</summary>
    private string _indent = "";
    /// <summary>The last literal text ended a line, so the next output starts with <see cref="_indent"/>.</summary>
    private bool _pending;
    private int _depth;
    private int _maxDepth;
    private IPartialResolver? _resolver;
    /// <summary>The block a fragment render writes; null for a whole template.</summary>
    private string? _fragment;
    /// <summary>Rendering a fragment, outside its block: text and values are dropped, but sections, partials and
    /// layouts are still walked, so the block renders with the contexts and overrides it has in the page.</summary>
    private bool _discard;

    private Renderer()
    {
    }

    public static string RenderToString(Node[] nodes, object? model, IPartialResolver? resolver, int maxDepth, string? fragment = null)
    {
        var renderer = Rent(null, resolver, maxDepth, fragment);
        try
        {
            renderer.RenderRoot(nodes, model);
            return new string(renderer._buffer, 0, renderer._pos);
        }
        finally
        {
            renderer.Return();
        }
    }

    public static void RenderToWriter(Node[] nodes, object? model, TextWriter output, IPartialResolver? resolver, int maxDepth,
        string? fragment = null)
    {
        var renderer = Rent(output, resolver, maxDepth, fragment);
        try
        {
            renderer.RenderRoot(nodes, model);
            renderer.Flush();
        }
        finally
        {
            renderer.Return();
        }
    }

    private static Renderer Rent(TextWriter? sink, IPartialResolver? resolver, int maxDepth, string? fragment)
    {
        // Taken out of the slot while in use, so a model getter that renders another template gets its own.
        var renderer = t_cached ?? new Renderer();
        t_cached = null;
        renderer._sink = sink;
        renderer._resolver = resolver;
        renderer._maxDepth = maxDepth;
        renderer._fragment = fragment;
        renderer._discard = fragment is not null;
        return renderer;
    }

    private void Return()
    {
        Array.Clear(_stack, 0, _count);
        _count = 0;
        _pos = 0;
        _sink = null;
        _resolver = null;
        _fragment = null;
        _discard = false;
        _overrides.Clear();
        _indent = "";
        _pending = false;
        _depth = 0;
        if (_buffer.Length > MaxRetainedBufferSize)
        {
            ArrayPool<char>.Shared.Return(_buffer);
            _buffer = ArrayPool<char>.Shared.Rent(InitialBufferSize);
        }
        t_cached = this;
    }

    private void RenderRoot(Node[] nodes, object? model)
    {
        Push(Unwrap(model));
        RenderNodes(nodes);
    }

    public void RenderNodes(Node[] nodes)
    {
        foreach (var node in nodes)
            node.Render(this);
    }

    // ---- Names and the context stack ----

    /// <summary>
    /// Spec name resolution: the first part is looked up from the top of the context stack down; each further part
    /// only in the value found before it. A miss anywhere is null.
    /// </summary>
    public object? Resolve(Key key)
    {
        var parts = key.Parts;
        if (parts.Length == 0)
            return _stack[_count - 1];
        if (!TryFindInStack(parts[0], out var value))
            return null;
        for (var i = 1; i < parts.Length; i++)
        {
            if (value is null || !TryGet(value, parts[i], out value))
                return null;
        }
        return value;
    }

    public void WriteVariable(Key key, bool escape)
    {
        if (_discard)
            return;
        var parts = key.Parts;
        if (parts.Length == 0)
        {
            WriteValue(_stack[_count - 1], escape);
            return;
        }
        if (parts.Length == 1)
        {
            for (var i = _count - 1; i >= 0; i--)
            {
                if (_stack[i] is { } context && TryWrite(context, parts[0], escape))
                    return;
            }
            return;
        }
        if (!TryFindInStack(parts[0], out var owner))
            return;
        for (var i = 1; i < parts.Length - 1; i++)
        {
            if (owner is null || !TryGet(owner, parts[i], out owner))
                return;
        }
        if (owner is not null)
            TryWrite(owner, parts[^1], escape);
    }

    private bool TryFindInStack(string name, out object? value)
    {
        for (var i = _count - 1; i >= 0; i--)
        {
            if (_stack[i] is { } context && TryGet(context, name, out value))
                return true;
        }
        value = null;
        return false;
    }

    private static bool TryGet(object target, string name, out object? value)
    {
        if (!TypeShape.For(target.GetType()).TryFind(target, name, out var accessor, out value))
            return false;
        value = Unwrap(accessor is null ? value : accessor.Get(target));
        return true;
    }

    /// <summary>Like <see cref="TryGet"/> followed by a write, but typed members skip boxing.</summary>
    private bool TryWrite(object target, string name, bool escape)
    {
        if (!TypeShape.For(target.GetType()).TryFind(target, name, out var accessor, out var value))
            return false;
        if (accessor is null)
            WriteValue(value, escape);
        else
            accessor.Write(target, this, escape);
        return true;
    }

    /// <summary>A <see cref="JsonValue"/> stands for the primitive or <see cref="JsonElement"/> inside it.</summary>
    private static object? Unwrap(object? value) => value switch
    {
        JsonValue json when json.TryGetValue(out JsonElement element) => element,
        JsonValue json when json.TryGetValue(out object? inner) => inner,
        _ => value,
    };

    private void Push(object? value)
    {
        if (_count == _stack.Length)
            Array.Resize(ref _stack, _count * 2);
        _stack[_count++] = value;
    }

    private void Pop() => _stack[--_count] = null;

    // ---- Sections ----

    /// <summary>
    /// Falsey: null, false, the empty string, an empty list, and the JSON equivalents. Numbers, zero included, are
    /// truthy.
    /// </summary>
    public static bool IsFalsey(object? value) => value switch
    {
        null => true,
        bool b => !b,
        string s => s.Length == 0,
        JsonElement e => e.ValueKind switch
        {
            JsonValueKind.Null or JsonValueKind.Undefined or JsonValueKind.False => true,
            JsonValueKind.String => e.ValueEquals(ReadOnlySpan<char>.Empty),
            JsonValueKind.Array => e.GetArrayLength() == 0,
            _ => false,
        },
        ICollection collection when !IsDictionary(value) => collection.Count == 0,
        IEnumerable enumerable when !IsDictionary(value) => IsEmpty(enumerable),
        _ => false,
    };

    public void RenderSection(object? value, Node[] children)
    {
        switch (value)
        {
            case null:
            case false:
            case string { Length: 0 }:
                return;
            case JsonElement { ValueKind: JsonValueKind.Array } array:
                foreach (var item in array.EnumerateArray())
                    RenderWith(item, children);
                return;
            case JsonElement element when IsFalsey(element):
                return;
            case IList list when !IsDictionary(list):
                for (var i = 0; i < list.Count; i++)
                    RenderWith(Unwrap(list[i]), children);
                return;
            case IEnumerable enumerable and not string when !IsDictionary(enumerable):
                foreach (var item in enumerable)
                    RenderWith(Unwrap(item), children);
                return;
            default:
                RenderWith(value, children);
                return;
        }
    }

    private void RenderWith(object? context, Node[] children)
    {
        Push(context);
        RenderNodes(children);
        Pop();
    }

    private static bool IsDictionary(object value) => value is IDictionary || TypeShape.For(value.GetType()).IsDictionary;

    private static bool IsEmpty(IEnumerable enumerable)
    {
        var enumerator = enumerable.GetEnumerator();
        try
        {
            return !enumerator.MoveNext();
        }
        finally
        {
            (enumerator as IDisposable)?.Dispose();
        }
    }

    // ---- Partials, parents and blocks ----

    public void RenderInclude(string name, string indent, bool standalone, TagSite site,
        IReadOnlyDictionary<string, BlockNode>? overrides)
    {
        if (_resolver?.Resolve(name, overrides is not null, site) is not { } template)
            return;
        if (++_depth > _maxDepth)
            throw site.Error($"Partials and layouts nest deeper than {_maxDepth} levels; does '{name}' include itself?");
        var pushed = overrides is { Count: > 0 };
        if (pushed)
            _overrides.Add(overrides!);
        var saved = _indent;
        if (standalone)
            EnterIndent(indent);
        RenderNodes(template.Nodes);
        LeaveIndent(saved);
        if (pushed)
            _overrides.RemoveAt(_overrides.Count - 1);
        _depth--;
    }

    /// <summary>
    /// ~inheritance: the outermost override wins ("Top-level substitutions take precedence"), so the list is searched
    /// from the first parent entered.
    /// </summary>
    public BlockNode? FindOverride(string name)
    {
        foreach (var overrides in _overrides)
        {
            if (overrides.TryGetValue(name, out var block))
                return block;
        }
        return null;
    }

    public void RenderBlock(BlockNode content, string indent, bool standalone)
    {
        if (_discard && string.Equals(content.Name, _fragment, StringComparison.Ordinal))
        {
            RenderFragment(content);
            return;
        }
        var saved = _indent;
        if (standalone)
        {
            EnterIndent(indent);
        }
        else if (indent.Length > 0)
        {
            // The whitespace before the tag is already written: indent only the following lines.
            _pending &= saved.Length > 0;
            _indent = saved.Length == 0 ? indent : string.Concat(saved, indent);
        }
        RenderNodes(content.Children);
        LeaveIndent(saved);
    }

    /// <summary>
    /// The fragment's block, as the page would render it but starting at column 0: the indentation of the place
    /// it sits in the page is left out, its own relative indentation kept (block children are stored without it).
    /// A block rendered several times (inside a list) is written each time.
    /// </summary>
    private void RenderFragment(BlockNode content)
    {
        var savedIndent = _indent;
        var savedPending = _pending;
        _indent = "";
        _pending = false;
        _discard = false;
        RenderNodes(content.Children);
        _discard = true;
        _indent = savedIndent;
        _pending = savedPending;
    }

    /// <summary>A standalone tag's line was removed, so its first output starts a line.</summary>
    private void EnterIndent(string indent)
    {
        if (indent.Length == 0)
            return;
        _indent = _indent.Length == 0 ? indent : string.Concat(_indent, indent);
        _pending = true;
    }

    private void LeaveIndent(string saved)
    {
        _indent = saved;
        if (saved.Length == 0)
            _pending = false;
    }

    // ---- Output ----

    public void WriteLiteral(string text)
    {
        if (_discard)
            return;
        if (_indent.Length == 0)
        {
            Append(text);
            return;
        }
        var rest = text.AsSpan();
        while (!rest.IsEmpty)
        {
            // Empty lines get no indentation: it would only be trailing whitespace.
            if (_pending && rest[0] != '\n' && !rest.StartsWith("\r\n"))
                Append(_indent);
            _pending = false;
            var newline = rest.IndexOf('\n');
            if (newline < 0)
            {
                Append(rest);
                return;
            }
            Append(rest[..(newline + 1)]);
            rest = rest[(newline + 1)..];
            _pending = true;
        }
    }

    public void WriteValue(object? value, bool escape) => TemplateValue.Write(this, value, escape);

    public void WriteBool(bool value)
    {
        StartValue();
        Append(value ? "true" : "false");
    }

    /// <summary>Formats with the invariant culture straight into the output buffer.</summary>
    public void WriteFormattable<T>(T value, bool escape) where T : ISpanFormattable
    {
        StartValue();
        var size = 32;
        var free = Reserve(size);
        int written;
        while (!value.TryFormat(free, out written, default, CultureInfo.InvariantCulture))
        {
            size *= 2;
            free = Reserve(size);
        }
        var formatted = free[..written];
        if (escape && formatted.ContainsAny(s_htmlSpecial))
        {
            // Rare (numbers never need it): copy out first, because escaping writes over the same buffer.
            AppendEscaped(formatted.ToString());
            return;
        }
        _pos += written;
    }

    public void WriteString(string? value, bool escape)
    {
        if (string.IsNullOrEmpty(value))
            return;
        StartValue();
        if (escape)
            AppendEscaped(value);
        else
            Append(value);
    }

    private void StartValue()
    {
        if (_pending)
        {
            _pending = false;
            Append(_indent);
        }
    }

    /// <summary>HTML-escapes by copying runs between special characters, not character by character.</summary>
    private void AppendEscaped(ReadOnlySpan<char> text)
    {
        while (true)
        {
            var special = text.IndexOfAny(s_htmlSpecial);
            if (special < 0)
            {
                Append(text);
                return;
            }
            Append(text[..special]);
            Append(text[special] switch
            {
                '&' => "&amp;",
                '<' => "&lt;",
                '>' => "&gt;",
                '"' => "&quot;",
                _ => "&#39;",
            });
            text = text[(special + 1)..];
        }
    }

    private void Append(ReadOnlySpan<char> text)
    {
        if (text.Length <= _buffer.Length - _pos)
        {
            text.CopyTo(_buffer.AsSpan(_pos));
            _pos += text.Length;
            return;
        }
        if (_sink is not null && text.Length > _buffer.Length)
        {
            Flush();
            _sink.Write(text);
            return;
        }
        text.CopyTo(Reserve(text.Length));
        _pos += text.Length;
    }

    /// <summary>At least <paramref name="size"/> free characters at the end of the buffer.</summary>
    private Span<char> Reserve(int size)
    {
        if (_buffer.Length - _pos < size)
        {
            if (_sink is not null)
                Flush();
            if (_buffer.Length - _pos < size)
            {
                var larger = ArrayPool<char>.Shared.Rent(Math.Max(_buffer.Length * 2, _pos + size));
                _buffer.AsSpan(0, _pos).CopyTo(larger);
                ArrayPool<char>.Shared.Return(_buffer);
                _buffer = larger;
            }
        }
        return _buffer.AsSpan(_pos);
    }

    private void Flush()
    {
        _sink!.Write(_buffer, 0, _pos);
        _pos = 0;
    }
}
