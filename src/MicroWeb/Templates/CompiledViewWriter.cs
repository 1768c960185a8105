using System.Buffers;
using System.Collections;
using System.ComponentModel;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Unicode;
using MicroWeb.Templates;

namespace MicroWeb;

/// <summary>
/// The output of a compiled view (<c>ICompiledView</c>): UTF-8 straight into a pooled buffer, flushed to an
/// <see cref="IBufferWriter{T}"/> or the response. It keeps the runtime renderer's state — the indentation of
/// standalone partials and blocks — and writes values the way it does: the same HTML escaping
/// (<c>&amp; &lt; &gt; &quot; &#39;</c>), the invariant culture, <c>true</c>/<c>false</c>. Its instance members are
/// for generated code.
/// </summary>
public sealed class CompiledViewWriter : ITemplateOutput
{
    private const int BufferSize = 8192;
    private const int MaxRetainedBufferSize = 256 * 1024;

    private static readonly SearchValues<char> s_htmlSpecial = SearchValues.Create("&<>\"'");
    private static readonly SearchValues<byte> s_htmlSpecialBytes = SearchValues.Create("&<>\"'"u8);

    [ThreadStatic]
    private static CompiledViewWriter? t_cached;

    private byte[] _buffer = ArrayPool<byte>.Shared.Rent(BufferSize);
    private int _pos;
    private IBufferWriter<byte>? _bufferWriter;
    private Stream? _stream;
    private string _indent = "";
    /// <summary>The last literal ended a line inside an indented partial or block: the next output starts with the indentation.</summary>
    private bool _pending;

    private CompiledViewWriter()
    {
    }

    /// <summary>The indentation in force; generated code saves it before entering a partial or block and restores it after.</summary>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public string Indent => _indent;

    /// <summary>Takes this thread's writer, pointed at one sink (or none: the buffer grows); hand it back with <see cref="Return"/>.</summary>
    internal static CompiledViewWriter Rent(IBufferWriter<byte>? bufferWriter, Stream? stream)
    {
        // Taken out of the slot while in use, so a model getter that renders another view gets its own.
        var writer = t_cached ?? new CompiledViewWriter();
        t_cached = null;
        writer._bufferWriter = bufferWriter;
        writer._stream = stream;
        return writer;
    }

    /// <summary>The output so far, for a writer rented without a sink.</summary>
    internal string WrittenText() => Encoding.UTF8.GetString(_buffer, 0, _pos);

    internal void Return()
    {
        if (_buffer.Length > MaxRetainedBufferSize)
        {
            ArrayPool<byte>.Shared.Return(_buffer);
            _buffer = ArrayPool<byte>.Shared.Rent(BufferSize);
        }
        _pos = 0;
        _bufferWriter = null;
        _stream = null;
        _indent = "";
        _pending = false;
        t_cached = this;
    }

    /// <summary>True when <paramref name="items"/> is null or has no items: the runtime's falsey list.</summary>
    /// <param name="items">The list.</param>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public static bool IsEmpty<T>(IEnumerable<T>? items)
    {
        switch (items)
        {
            case null:
                return true;
            case ICollection collection:
                return collection.Count == 0;
            case IReadOnlyCollection<T> collection:
                return collection.Count == 0;
        }
        using var enumerator = items.GetEnumerator();
        return !enumerator.MoveNext();
    }

    // ---- Indentation: the runtime Renderer's EnterIndent / LeaveIndent ----

    /// <summary>Enters a standalone partial or block indented by <paramref name="indent"/>: its first output starts a line.</summary>
    /// <param name="indent">Spaces and tabs.</param>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public void EnterIndent(string indent)
    {
        if (indent.Length == 0)
            return;
        _indent = _indent.Length == 0 ? indent : string.Concat(_indent, indent);
        _pending = true;
    }

    /// <summary>Enters a block that is not alone on its line: the whitespace before it is already written, so only the following lines are indented.</summary>
    /// <param name="indent">Spaces and tabs.</param>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public void EnterInlineIndent(string indent)
    {
        var saved = _indent;
        _pending &= saved.Length > 0;
        _indent = saved.Length == 0 ? indent : string.Concat(saved, indent);
    }

    /// <summary>Restores the indentation saved from <see cref="Indent"/>.</summary>
    /// <param name="saved">The indentation before the partial or block.</param>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public void LeaveIndent(string saved)
    {
        _indent = saved;
        if (saved.Length == 0)
            _pending = false;
    }

    // ---- Output ----

    /// <summary>Writes template text, indenting its lines inside an indented partial or block.</summary>
    /// <param name="utf8">The text as UTF-8.</param>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public void WriteLiteral(ReadOnlySpan<byte> utf8)
    {
        if (_indent.Length == 0)
        {
            Append(utf8);
            return;
        }
        var rest = utf8;
        while (!rest.IsEmpty)
        {
            // Empty lines get no indentation: it would only be trailing whitespace.
            if (_pending && rest[0] != (byte)'\n' && !rest.StartsWith("\r\n"u8))
                AppendIndent();
            _pending = false;
            var newline = rest.IndexOf((byte)'\n');
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

    /// <summary>Writes a string value, HTML-escaped when <paramref name="escape"/>; null and empty write nothing.</summary>
    /// <param name="value">The value.</param>
    /// <param name="escape">Whether to HTML-escape (<c>&lt;&lt;name&gt;&gt;</c>) or not (<c>&lt;&lt;&amp;name&gt;&gt;</c>).</param>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public void WriteString(string? value, bool escape)
    {
        if (string.IsNullOrEmpty(value))
            return;
        StartValue();
        if (escape)
            AppendEscaped(value);
        else
            AppendUtf16(value);
    }

    /// <summary>Writes <c>true</c> or <c>false</c>.</summary>
    /// <param name="value">The value.</param>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public void WriteBool(bool value)
    {
        StartValue();
        Append(value ? "true"u8 : "false"u8);
    }

    /// <summary>Formats <paramref name="value"/> with the invariant culture straight into the output as UTF-8.</summary>
    /// <param name="value">The value: a number, a date, any value type that formats as UTF-8.</param>
    /// <param name="escape">Whether to HTML-escape the formatted text.</param>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public void WriteUtf8Formattable<T>(T value, bool escape) where T : IUtf8SpanFormattable
    {
        StartValue();
        var size = 32;
        int written;
        while (!value.TryFormat(Reserve(size), out written, default, CultureInfo.InvariantCulture))
            size *= 2;
        var formatted = _buffer.AsSpan(_pos, written);
        if (escape && formatted.ContainsAny(s_htmlSpecialBytes))
        {
            // Rare (numbers never need it): the escaped text is longer, so decode and re-encode it.
            AppendEscaped(Encoding.UTF8.GetString(formatted));
            return;
        }
        _pos += written;
    }

    /// <summary>Formats <paramref name="value"/> with the invariant culture.</summary>
    /// <param name="value">The value.</param>
    /// <param name="escape">Whether to HTML-escape the formatted text.</param>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public void WriteFormattable<T>(T value, bool escape) where T : ISpanFormattable
    {
        if (value is IUtf8SpanFormattable utf8)
        {
            WriteUtf8Formattable(utf8, escape);
            return;
        }
        StartValue();
        Span<char> chars = stackalloc char[64];
        if (value.TryFormat(chars, out var length, default, CultureInfo.InvariantCulture))
            WriteChars(chars[..length], escape);
        else
            WriteChars(value.ToString(null, CultureInfo.InvariantCulture), escape);
    }

    /// <summary>Writes a value whose type is known only at run time, as the runtime engine does.</summary>
    /// <param name="value">The value.</param>
    /// <param name="escape">Whether to HTML-escape.</param>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public void WriteValue(object? value, bool escape) => TemplateValue.Write(this, value, escape);

    private void WriteChars(ReadOnlySpan<char> text, bool escape)
    {
        if (escape)
            AppendEscaped(text);
        else
            AppendUtf16(text);
    }

    private void StartValue()
    {
        if (_pending)
        {
            _pending = false;
            AppendIndent();
        }
    }

    /// <summary>Indentation is spaces and tabs (the parser's IndentLength), so each char is one byte.</summary>
    private void AppendIndent()
    {
        var free = Reserve(_indent.Length);
        for (var i = 0; i < _indent.Length; i++)
            free[i] = (byte)_indent[i];
        _pos += _indent.Length;
    }

    /// <summary>HTML-escapes by transcoding runs between special characters, not character by character.</summary>
    private void AppendEscaped(ReadOnlySpan<char> text)
    {
        while (true)
        {
            var special = text.IndexOfAny(s_htmlSpecial);
            if (special < 0)
            {
                AppendUtf16(text);
                return;
            }
            AppendUtf16(text[..special]);
            Append(text[special] switch
            {
                '&' => "&amp;"u8,
                '<' => "&lt;"u8,
                '>' => "&gt;"u8,
                '"' => "&quot;"u8,
                _ => "&#39;"u8,
            });
            text = text[(special + 1)..];
        }
    }

    /// <summary>UTF-16 to UTF-8; a lone surrogate becomes U+FFFD, as the runtime's UTF-8 response encoder writes it.</summary>
    private void AppendUtf16(ReadOnlySpan<char> text)
    {
        while (!text.IsEmpty)
        {
            // Three bytes per UTF-16 unit at most; transcode in slices that fit the buffer.
            var slice = text.Length <= BufferSize / 3 ? text.Length : BufferSize / 3;
            if (slice < text.Length && char.IsHighSurrogate(text[slice - 1]))
                slice--;
            var free = Reserve(slice * 3);
            Utf8.FromUtf16(text[..slice], free, out var read, out var written, replaceInvalidSequences: true, isFinalBlock: true);
            _pos += written;
            text = text[read..];
        }
    }

    private void Append(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length > _buffer.Length - _pos)
        {
            Reserve(bytes.Length);
        }
        bytes.CopyTo(_buffer.AsSpan(_pos));
        _pos += bytes.Length;
    }

    /// <summary>At least <paramref name="size"/> free bytes at the end of the buffer: flushed to the sink, or grown when there is none.</summary>
    private Span<byte> Reserve(int size)
    {
        if (_buffer.Length - _pos < size)
        {
            if (_stream is not null || _bufferWriter is not null)
                Flush();
            if (_buffer.Length - _pos < size)
            {
                var larger = ArrayPool<byte>.Shared.Rent(Math.Max(_buffer.Length * 2, _pos + size));
                _buffer.AsSpan(0, _pos).CopyTo(larger);
                ArrayPool<byte>.Shared.Return(_buffer);
                _buffer = larger;
            }
        }
        return _buffer.AsSpan(_pos);
    }

    internal void Flush()
    {
        if (_pos == 0)
            return;
        if (_stream is not null)
            _stream.Write(_buffer, 0, _pos);
        else
            _bufferWriter!.Write(_buffer.AsSpan(0, _pos));
        _pos = 0;
    }
}
