using System.Text;

namespace MicroWeb.Templates;

/// <summary>
/// Turns template text into a node tree in four passes over a flat token list: scan (a hand-written scanner, so
/// delimiters are plain strings and regex metacharacters mean nothing), match open and close tags, remove the
/// whitespace of standalone lines, re-indent blocks; then build the tree.
/// </summary>
internal sealed class Parser
{
    private const string DefaultOpen = "<<";
    private const string DefaultClose = ">>";

    private readonly TemplateSource _source;
    private readonly string _text;
    private readonly List<Token> _tokens = [];
    private string _open = DefaultOpen;
    private string _close = DefaultClose;

    private Parser(TemplateSource source)
    {
        _source = source;
        _text = source.Text;
    }

    public static Node[] Parse(TemplateSource source)
    {
        var parser = new Parser(source);
        parser.Scan();
        parser.MatchPairs();
        parser.RemoveStandaloneWhitespace();
        parser.ReindentBlocks();
        return parser.Build(0, parser._tokens.Count);
    }

    private void Scan()
    {
        var pos = 0;
        while (pos < _text.Length)
        {
            var tag = _text.IndexOf(_open, pos, StringComparison.Ordinal);
            var textEnd = tag < 0 ? _text.Length : tag;
            // One token per line of text: standalone detection and re-indentation work line by line.
            while (pos < textEnd)
            {
                var newline = _text.IndexOf('\n', pos, textEnd - pos);
                var end = newline < 0 ? textEnd : newline + 1;
                Add(TokenKind.Text, pos, end, _text[pos..end]);
                pos = end;
            }
            if (tag < 0)
                break;
            pos = ScanTag(tag);
        }
    }

    private int ScanTag(int start)
    {
        var p = start + _open.Length;
        if (p >= _text.Length)
            throw Error(start, _open.Length, "Unclosed tag");
        var sigil = _text[p];
        switch (sigil)
        {
            case '!':
            {
                var end = FindClose(start, p + 1, _close);
                Add(TokenKind.Comment, start, end + _close.Length, "");
                return end + _close.Length;
            }
            case '=':
                return ScanDelimiters(start, p + 1);
            case '{' when _open == "{{" && _close == "}}":
            {
                // Spec: the triple mustache {{{name}}} exists only with the default Mustache delimiters.
                var end = FindClose(start, p + 1, "}}}");
                Add(TokenKind.Raw, start, end + 3, Name(start, end + 3, p + 1, end));
                return end + 3;
            }
        }
        var kind = sigil switch
        {
            '&' => TokenKind.Raw,
            '#' => TokenKind.Section,
            '^' => TokenKind.Inverted,
            '/' => TokenKind.Close,
            '>' => TokenKind.Partial,
            '<' => TokenKind.Parent,
            '$' => TokenKind.Block,
            _ => TokenKind.Variable,
        };
        var nameStart = kind == TokenKind.Variable ? p : p + 1;
        var close = FindClose(start, nameStart, _close);
        var tagEnd = close + _close.Length;
        Add(kind, start, tagEnd, Name(start, tagEnd, nameStart, close));
        return tagEnd;
    }

    private int ScanDelimiters(int start, int contentStart)
    {
        var end = FindClose(start, contentStart, "=" + _close);
        var tagEnd = end + 1 + _close.Length;
        var content = _text.AsSpan(contentStart, end - contentStart).Trim();
        var split = content.IndexOfAny(' ', '\t');
        var open = split < 0 ? [] : content[..split];
        var close = split < 0 ? [] : content[split..].TrimStart();
        if (open.IsEmpty || close.IsEmpty || close.ContainsAny(' ', '\t') || open.ContainsAny('\r', '\n')
            || close.ContainsAny('\r', '\n') || open.Contains('=') || close.Contains('='))
        {
            throw Error(start, tagEnd - start, "Bad delimiter change: expected two delimiters separated by a space, such as '<<={{ }}=>>'");
        }
        Add(TokenKind.Delimiters, start, tagEnd, "");
        _open = open.ToString();
        _close = close.ToString();
        return tagEnd;
    }

    private int FindClose(int start, int from, string close)
    {
        var end = _text.IndexOf(close, from, StringComparison.Ordinal);
        if (end < 0)
            throw Error(start, _text.Length - start, $"Unclosed tag: no '{close}' after '{_open}'");
        return end;
    }

    private string Name(int tagStart, int tagEnd, int from, int to)
    {
        var name = _text.AsSpan(from, to - from).Trim();
        if (name.IsEmpty)
            throw Error(tagStart, tagEnd - tagStart, "Empty tag");
        foreach (var c in name)
        {
            if (char.IsWhiteSpace(c))
                throw Error(tagStart, tagEnd - tagStart, $"Unknown tag '{name}': a key may not contain whitespace");
        }
        return name.ToString();
    }

    private void Add(TokenKind kind, int start, int end, string value) =>
        _tokens.Add(new Token { Kind = kind, Start = start, End = end, Value = value, Match = -1 });

    private void MatchPairs()
    {
        var open = new Stack<int>();
        for (var i = 0; i < _tokens.Count; i++)
        {
            var token = _tokens[i];
            switch (token.Kind)
            {
                case TokenKind.Section or TokenKind.Inverted or TokenKind.Parent or TokenKind.Block:
                    open.Push(i);
                    break;
                case TokenKind.Close:
                    if (open.Count == 0)
                        throw Error(token, $"Close tag '{token.Value}' has no open section");
                    var openIndex = open.Pop();
                    var opener = _tokens[openIndex];
                    if (opener.Value != token.Value)
                        throw Error(token, $"Mismatched close tag '{token.Value}': {Describe(opener.Kind)} '{opener.Value}' is still open");
                    Set(openIndex, opener with { Match = i });
                    Set(i, token with { Match = openIndex, Closes = opener.Kind });
                    break;
            }
        }
        if (open.Count > 0)
        {
            var unclosed = _tokens[open.Pop()];
            throw Error(unclosed, $"Unclosed {Describe(unclosed.Kind)} '{unclosed.Value}'");
        }
    }

    /// <summary>
    /// Spec: a line holding only whitespace and one non-output tag (section, inverted, close, comment, partial,
    /// delimiter change, parent, block) is "standalone": its whitespace and line break are dropped. Parent open and
    /// close tags do not count towards the one tag, so <c>&lt;&lt;&lt;p&gt;&gt;&lt;&lt;/p&gt;&gt;</c> and
    /// <c>&lt;&lt;&lt;p&gt;&gt;&lt;&lt;$b&gt;&gt;</c> lines are standalone too (~inheritance, "Standalone parent").
    /// </summary>
    private void RemoveStandaloneWhitespace()
    {
        var first = 0;
        while (first < _tokens.Count)
        {
            var last = first;
            while (last < _tokens.Count - 1 && !EndsLine(_tokens[last]))
                last++;
            Set(first, _tokens[first] with { LineStart = true });

            var tags = 0;
            var counted = 0;
            var blank = true;
            for (var i = first; i <= last && blank; i++)
            {
                var token = _tokens[i];
                switch (token.Kind)
                {
                    case TokenKind.Text:
                        blank = IsBlank(token.Value);
                        break;
                    case TokenKind.Variable or TokenKind.Raw:
                        blank = false;
                        break;
                    case TokenKind.Parent:
                    case TokenKind.Close when token.Closes == TokenKind.Parent:
                        tags++;
                        break;
                    default:
                        tags++;
                        counted++;
                        break;
                }
            }
            if (blank && tags > 0 && counted <= 1)
            {
                for (var i = first; i <= last; i++)
                {
                    var token = _tokens[i];
                    Set(i, token.Kind == TokenKind.Text ? token with { Removed = true } : token with { Standalone = true });
                }
            }
            first = last + 1;
        }
    }

    /// <summary>
    /// ~inheritance: a block's indentation is removed where it is defined and added where it is rendered. The
    /// indentation is that of the first line of content when the opening tag is standalone, otherwise the
    /// whitespace before the tag. Outer blocks go first, so nested blocks measure what is left.
    /// </summary>
    private void ReindentBlocks()
    {
        for (var i = 0; i < _tokens.Count; i++)
        {
            var open = _tokens[i];
            if (open.Kind != TokenKind.Block)
                continue;
            var indent = BlockIndent(i);
            Set(i, open with { Indent = indent });
            if (indent.Length == 0)
                continue;
            for (var k = i + 1; k < open.Match; k++)
            {
                var token = _tokens[k];
                if (token.Kind == TokenKind.Text && token.LineStart)
                    Set(k, token with { Value = token.Value[CommonPrefix(token.Value, indent)..] });
            }
        }
    }

    private string BlockIndent(int open)
    {
        var token = _tokens[open];
        if (!token.Standalone)
            return LeadingIndent(open);
        var firstLine = -1;
        for (var k = open + 1; k < token.Match; k++)
        {
            if (_tokens[k].LineStart)
            {
                firstLine = k;
                break;
            }
        }
        if (firstLine < 0 || !HasLineEndBefore(firstLine, token.Match))
            return LeadingIndent(open);
        var first = _tokens[firstLine];
        return first.Kind == TokenKind.Text ? first.Value[..IndentLength(first.Value)] : "";
    }

    private bool HasLineEndBefore(int from, int to)
    {
        for (var k = from; k < to; k++)
        {
            if (EndsLine(_tokens[k]))
                return true;
        }
        return false;
    }

    /// <summary>The whitespace before tag <paramref name="index"/> when nothing else precedes it on its line.</summary>
    private string LeadingIndent(int index)
    {
        if (_tokens[index].LineStart || index == 0)
            return "";
        var before = _tokens[index - 1];
        return before.Kind == TokenKind.Text && before.LineStart && IndentLength(before.Value) == before.Value.Length
            ? before.Value
            : "";
    }

    private Node[] Build(int from, int to)
    {
        var nodes = new List<Node>();
        var text = new StringBuilder();
        for (var i = from; i < to; i++)
        {
            var token = _tokens[i];
            if (token.Kind == TokenKind.Text)
            {
                if (!token.Removed)
                    text.Append(token.Value);
                continue;
            }
            if (text.Length > 0)
            {
                nodes.Add(new TextNode(text.ToString()));
                text.Clear();
            }
            switch (token.Kind)
            {
                case TokenKind.Variable:
                case TokenKind.Raw:
                    nodes.Add(new VariableNode(new Key(token.Value), token.Kind == TokenKind.Variable));
                    break;
                case TokenKind.Section:
                case TokenKind.Inverted:
                    nodes.Add(new SectionNode(new Key(token.Value), token.Kind == TokenKind.Inverted, Build(i + 1, token.Match)));
                    i = token.Match;
                    break;
                case TokenKind.Block:
                    nodes.Add(new BlockNode(token.Value, token.Indent, token.Standalone, Build(i + 1, token.Match)));
                    i = token.Match;
                    break;
                case TokenKind.Partial:
                    nodes.Add(new PartialNode(token.Value, IncludeIndent(i), token.Standalone, Site(token)));
                    break;
                case TokenKind.Parent:
                    // Spec: inside a parent tag only blocks count; other text and tags are ignored.
                    var overrides = new Dictionary<string, BlockNode>(StringComparer.Ordinal);
                    foreach (var child in Build(i + 1, token.Match))
                    {
                        if (child is BlockNode block)
                            overrides.TryAdd(block.Name, block);
                    }
                    nodes.Add(new ParentNode(token.Value, IncludeIndent(i), token.Standalone, Site(token), overrides));
                    i = token.Match;
                    break;
            }
        }
        if (text.Length > 0)
            nodes.Add(new TextNode(text.ToString()));
        return [.. nodes];
    }

    private string IncludeIndent(int index) => _tokens[index].Standalone ? LeadingIndent(index) : "";

    private TagSite Site(Token token) => new(_source, token.Start, token.End - token.Start);

    private void Set(int index, Token token) => _tokens[index] = token;

    private TemplateException Error(Token token, string reason) => Error(token.Start, token.End - token.Start, reason);

    private TemplateException Error(int offset, int length, string reason) =>
        TemplateException.At(_source, offset, length, reason);

    private static bool EndsLine(Token token) => token.Kind == TokenKind.Text && token.Value.EndsWith('\n');

    /// <summary>Only spaces and tabs, then optionally the line break.</summary>
    private static bool IsBlank(string text)
    {
        var span = text.AsSpan();
        if (span.EndsWith("\r\n"))
            span = span[..^2];
        else if (span.EndsWith("\n"))
            span = span[..^1];
        return IndentLength(span) == span.Length;
    }

    private static int IndentLength(ReadOnlySpan<char> text)
    {
        var n = 0;
        while (n < text.Length && text[n] is ' ' or '\t')
            n++;
        return n;
    }

    private static int CommonPrefix(string text, string indent)
    {
        var n = 0;
        while (n < text.Length && n < indent.Length && text[n] == indent[n])
            n++;
        return n;
    }

    private static string Describe(TokenKind kind) => kind switch
    {
        TokenKind.Inverted => "inverted section",
        TokenKind.Parent => "parent",
        TokenKind.Block => "block",
        _ => "section",
    };

    private enum TokenKind : byte
    {
        Text,
        Variable,
        Raw,
        Section,
        Inverted,
        Close,
        Comment,
        Partial,
        Parent,
        Block,
        Delimiters,
    }

    private record struct Token
    {
        public TokenKind Kind;
        public int Start;
        public int End;
        /// <summary>Text for text tokens; the trimmed key or name for tags.</summary>
        public string Value;
        /// <summary>Index of the matching close (for an opener) or opener (for a close); -1 otherwise.</summary>
        public int Match;
        /// <summary>For a close tag, the kind of tag it closes.</summary>
        public TokenKind Closes;
        public bool LineStart;
        /// <summary>Whitespace of a standalone line: not rendered.</summary>
        public bool Removed;
        /// <summary>A tag on a standalone line.</summary>
        public bool Standalone;
        /// <summary>For a block, the indentation removed from its content.</summary>
        public string Indent;
    }
}
