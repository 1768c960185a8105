using System;
using System.Collections.Generic;
using System.Text;

namespace MicroWeb.Generators.Templates;

/// <summary>A syntax error at <see cref="Start"/> (offset in the file) spanning <see cref="Length"/> characters.</summary>
internal sealed class TemplateSyntaxException(int start, int length, string message) : Exception(message)
{
    public int Start { get; } = start;

    public int Length { get; } = length;
}

/// <summary>
/// A line-for-line port of the runtime parser (src/MicroWeb/Templates/Parser.cs) to netstandard2.0, so compiled
/// templates see exactly the tree the runtime engine renders: the same scan, pairing, standalone-line removal and
/// block re-indentation. Keep the two in step; the parity tests render both.
/// </summary>
internal sealed class TemplateParser
{
    private readonly string _text;
    private readonly string _file;
    private readonly List<Token> _tokens = [];
    private string _open = "<<";
    private string _close = ">>";

    private TemplateParser(string text, string file)
    {
        _text = text;
        _file = file;
    }

    /// <exception cref="TemplateSyntaxException">The template has a syntax error.</exception>
    public static TemplateNode[] Parse(string text, string file)
    {
        var parser = new TemplateParser(text, file);
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
            while (pos < textEnd)
            {
                var newline = _text.IndexOf('\n', pos, textEnd - pos);
                var end = newline < 0 ? textEnd : newline + 1;
                Add(TokenKind.Text, pos, end, _text.Substring(pos, end - pos));
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
        var content = _text.Substring(contentStart, end - contentStart).Trim();
        var split = content.IndexOfAny([' ', '\t']);
        var open = split < 0 ? "" : content.Substring(0, split);
        var close = split < 0 ? "" : content.Substring(split).TrimStart();
        if (open.Length == 0 || close.Length == 0 || close.IndexOfAny([' ', '\t']) >= 0 || open.IndexOfAny(['\r', '\n']) >= 0
            || close.IndexOfAny(['\r', '\n']) >= 0 || open.IndexOf('=') >= 0 || close.IndexOf('=') >= 0)
        {
            throw Error(start, tagEnd - start, "Bad delimiter change: expected two delimiters separated by a space, such as '<<={{ }}=>>'");
        }
        Add(TokenKind.Delimiters, start, tagEnd, "");
        _open = open;
        _close = close;
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
        var name = _text.Substring(from, to - from).Trim();
        if (name.Length == 0)
            throw Error(tagStart, tagEnd - tagStart, "Empty tag");
        foreach (var c in name)
        {
            if (char.IsWhiteSpace(c))
                throw Error(tagStart, tagEnd - tagStart, $"Unknown tag '{name}': a key may not contain whitespace");
        }
        return name;
    }

    private void Add(TokenKind kind, int start, int end, string value) =>
        _tokens.Add(new Token { Kind = kind, Start = start, End = end, Value = value, Match = -1, Indent = "" });

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
                    opener.Match = i;
                    _tokens[openIndex] = opener;
                    token.Match = openIndex;
                    token.Closes = opener.Kind;
                    _tokens[i] = token;
                    break;
            }
        }
        if (open.Count > 0)
        {
            var unclosed = _tokens[open.Pop()];
            throw Error(unclosed, $"Unclosed {Describe(unclosed.Kind)} '{unclosed.Value}'");
        }
    }

    private void RemoveStandaloneWhitespace()
    {
        var first = 0;
        while (first < _tokens.Count)
        {
            var last = first;
            while (last < _tokens.Count - 1 && !EndsLine(_tokens[last]))
                last++;
            var head = _tokens[first];
            head.LineStart = true;
            _tokens[first] = head;

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
                    if (token.Kind == TokenKind.Text)
                        token.Removed = true;
                    else
                        token.Standalone = true;
                    _tokens[i] = token;
                }
            }
            first = last + 1;
        }
    }

    private void ReindentBlocks()
    {
        for (var i = 0; i < _tokens.Count; i++)
        {
            var open = _tokens[i];
            if (open.Kind != TokenKind.Block)
                continue;
            var indent = BlockIndent(i);
            open.Indent = indent;
            _tokens[i] = open;
            if (indent.Length == 0)
                continue;
            for (var k = i + 1; k < open.Match; k++)
            {
                var token = _tokens[k];
                if (token.Kind == TokenKind.Text && token.LineStart)
                {
                    token.Value = token.Value.Substring(CommonPrefix(token.Value, indent));
                    _tokens[k] = token;
                }
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
        return first.Kind == TokenKind.Text ? first.Value.Substring(0, IndentLength(first.Value)) : "";
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

    private string LeadingIndent(int index)
    {
        if (_tokens[index].LineStart || index == 0)
            return "";
        var before = _tokens[index - 1];
        return before.Kind == TokenKind.Text && before.LineStart && IndentLength(before.Value) == before.Value.Length
            ? before.Value
            : "";
    }

    private TemplateNode[] Build(int from, int to)
    {
        var nodes = new List<TemplateNode>();
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
            var length = token.End - token.Start;
            switch (token.Kind)
            {
                case TokenKind.Variable:
                case TokenKind.Raw:
                    nodes.Add(new VariableNode(token.Value, token.Kind == TokenKind.Variable, token.Start, length));
                    break;
                case TokenKind.Section:
                case TokenKind.Inverted:
                    nodes.Add(new SectionNode(token.Value, token.Kind == TokenKind.Inverted, Build(i + 1, token.Match), token.Start, length));
                    i = token.Match;
                    break;
                case TokenKind.Block:
                    nodes.Add(new BlockNode(token.Value, token.Indent, token.Standalone, Build(i + 1, token.Match), token.Start, length));
                    i = token.Match;
                    break;
                case TokenKind.Partial:
                    nodes.Add(new PartialNode(token.Value, IncludeIndent(i), token.Standalone, token.Start, length));
                    break;
                case TokenKind.Parent:
                    var overrides = new Dictionary<string, BlockNode>(StringComparer.Ordinal);
                    foreach (var child in Build(i + 1, token.Match))
                    {
                        if (child is BlockNode block && !overrides.ContainsKey(block.Name))
                            overrides.Add(block.Name, block);
                    }
                    nodes.Add(new ParentNode(token.Value, IncludeIndent(i), token.Standalone, overrides, token.Start, length));
                    i = token.Match;
                    break;
            }
        }
        if (text.Length > 0)
            nodes.Add(new TextNode(text.ToString()));
        foreach (var node in nodes)
            node.File = _file;
        return [.. nodes];
    }

    private string IncludeIndent(int index) => _tokens[index].Standalone ? LeadingIndent(index) : "";

    private static TemplateSyntaxException Error(Token token, string reason) => Error(token.Start, token.End - token.Start, reason);

    private static TemplateSyntaxException Error(int offset, int length, string reason) => new(offset, length, reason);

    private static bool EndsLine(Token token) => token.Kind == TokenKind.Text && token.Value.EndsWith("\n", StringComparison.Ordinal);

    private static bool IsBlank(string text)
    {
        var length = text.Length;
        if (text.EndsWith("\r\n", StringComparison.Ordinal))
            length -= 2;
        else if (text.EndsWith("\n", StringComparison.Ordinal))
            length -= 1;
        return IndentLength(text.Substring(0, length)) == length;
    }

    private static int IndentLength(string text)
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

    private struct Token
    {
        public TokenKind Kind;
        public int Start;
        public int End;
        public string Value;
        public int Match;
        public TokenKind Closes;
        public bool LineStart;
        public bool Removed;
        public bool Standalone;
        public string Indent;
    }
}
