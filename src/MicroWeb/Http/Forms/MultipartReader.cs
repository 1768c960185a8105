using System.Buffers;
using System.Diagnostics;
using System.Text;
using MicroWeb.Http.Query;

namespace MicroWeb.Http.Forms;

/// <summary>
/// The framing of a multipart body (RFC 2046 §5.1.1): preamble, then parts delimited by
/// <c>CRLF--boundary</c>, each with header lines, an empty line and a body, closed by
/// <c>CRLF--boundary--</c>; the epilogue after it is not read. Works over a stream that may hand back any
/// number of bytes per read, down to one, with one pooled buffer for the whole body. The caller drives it:
/// <see cref="NextPartAsync"/>, <see cref="ReadHeadersAsync"/>, then <see cref="ReadBodyChunkAsync"/> until
/// it returns an empty chunk.
/// </summary>
internal sealed class MultipartReader : IDisposable
{
    private const int MinBufferSize = 4096;

    private readonly Stream _body;
    private readonly FormOptions _options;
    private readonly byte[] _delimiter;
    private byte[] _buffer;

    // Unconsumed bytes are _buffer[_start.._end).
    private int _start;
    private int _end;
    private long _bodyLength;
    private bool _inPreamble = true;

    public MultipartReader(Stream body, string boundary, FormOptions options)
    {
        _body = body;
        _options = options;
        _delimiter = Encoding.ASCII.GetBytes("\r\n--" + boundary);

        // The buffer must hold a whole header line (to find its CRLF) and a delimiter minus one byte (a
        // possible partial match kept across reads) plus the byte being read.
        var size = Math.Max(MinBufferSize, Math.Max(options.MultipartHeadersLengthLimit, _delimiter.Length) + 4);
        _buffer = ArrayPool<byte>.Shared.Rent(size);

        // RFC 2046 lets the first delimiter open the body without the CRLF that precedes every other one;
        // a virtual CRLF in front makes it look like the rest, so one search finds them all.
        _buffer[0] = (byte)'\r';
        _buffer[1] = (byte)'\n';
        _end = 2;
    }

    /// <summary>
    /// Moves past the next delimiter (skipping the preamble the first time). True when a part follows;
    /// false at the close delimiter. The previous part's body must have been read to its end.
    /// </summary>
    public async ValueTask<bool> NextPartAsync(CancellationToken cancellationToken)
    {
        if (_inPreamble)
        {
            while (!(await ReadBodyChunkAsync(cancellationToken)).IsEmpty)
            {
            }
            _inPreamble = false;
        }

        await EnsureAsync(2, cancellationToken);
        if (_buffer[_start] == '-' && _buffer[_start + 1] == '-')
            return false;

        // transport-padding: whitespace a sender may put between the boundary and its CRLF.
        while (true)
        {
            await EnsureAsync(1, cancellationToken);
            if (_buffer[_start] is not ((byte)' ' or (byte)'\t'))
                break;
            _start++;
        }
        await EnsureAsync(2, cancellationToken);
        if (_buffer[_start] != '\r' || _buffer[_start + 1] != '\n')
            throw FormErrors.Malformed("A multipart boundary line continues after the boundary; the boundary must not occur in the content.");
        _start += 2;
        return true;
    }

    /// <summary>Reads the current part's header lines up to the empty line, enforcing the header limits.</summary>
    public async ValueTask<StringValuesMap> ReadHeadersAsync(CancellationToken cancellationToken)
    {
        var headers = new StringValuesMapBuilder();
        var length = 0;
        while (true)
        {
            int lineLength;
            while ((lineLength = _buffer.AsSpan(_start, _end - _start).IndexOf("\r\n"u8)) < 0)
            {
                // Without its CRLF yet, the line is already longer than the bytes allowed (a trailing CR may be half a CRLF).
                if (_end - _start - 1 > _options.MultipartHeadersLengthLimit - length)
                    throw HeadersTooLong();
                if (!await FillAsync(cancellationToken))
                    throw FormErrors.Malformed("The multipart body ended inside a part's headers.");
            }
            ReadOnlySpan<byte> line = _buffer.AsSpan(_start, lineLength);
            _start += lineLength + 2;
            if (line.IsEmpty)
                return headers.Build();

            length += line.Length;
            if (length > _options.MultipartHeadersLengthLimit)
                throw HeadersTooLong();
            if (headers.ValueCount >= _options.MultipartHeadersCountLimit)
                throw FormErrors.LimitExceeded("The number of a multipart part's headers", nameof(FormOptions.MultipartHeadersCountLimit), _options.MultipartHeadersCountLimit);
            AddHeader(headers, line);
        }
    }

    /// <summary>
    /// The next run of the current part's body, or an empty chunk once the part has ended (its closing
    /// delimiter is then consumed). A chunk is valid only until the next call.
    /// </summary>
    public async ValueTask<ReadOnlyMemory<byte>> ReadBodyChunkAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            var available = _end - _start;
            var at = _buffer.AsSpan(_start, available).IndexOf(_delimiter);
            if (at == 0)
            {
                _start += _delimiter.Length;
                return ReadOnlyMemory<byte>.Empty;
            }
            // Everything before a match, or before where a match could still begin, is body.
            var safe = at > 0 ? at : available - (_delimiter.Length - 1);
            if (safe > 0)
            {
                var chunk = _buffer.AsMemory(_start, safe);
                _start += safe;
                return chunk;
            }
            if (!await FillAsync(cancellationToken))
            {
                throw FormErrors.Malformed(_inPreamble
                    ? "The multipart body does not contain its boundary."
                    : "The multipart body ended before its final boundary.");
            }
        }
    }

    public void Dispose()
    {
        if (_buffer.Length > 0)
            ArrayPool<byte>.Shared.Return(_buffer);
        _buffer = [];
    }

    private static void AddHeader(StringValuesMapBuilder headers, ReadOnlySpan<byte> line)
    {
        // RFC 7578 §5.1: browsers send non-ASCII file names as raw UTF-8 in the header.
        var text = Encoding.UTF8.GetString(line);
        var colon = text.IndexOf(':');
        var name = colon < 0 ? [] : text.AsSpan(0, colon);
        if (name.IsEmpty || name.ContainsAny(" \t") || name.ContainsAnyInRange('\0', '\x1f'))
            throw FormErrors.Malformed("A multipart part has a malformed header line (expected 'Name: value').");
        headers.Add(name.ToString(), text.AsSpan(colon + 1).Trim(" \t").ToString());
    }

    private BadHttpRequestException HeadersTooLong() =>
        FormErrors.LimitExceeded("A multipart part's headers", nameof(FormOptions.MultipartHeadersLengthLimit), _options.MultipartHeadersLengthLimit);

    private async ValueTask EnsureAsync(int count, CancellationToken cancellationToken)
    {
        while (_end - _start < count)
        {
            if (!await FillAsync(cancellationToken))
                throw FormErrors.Malformed("The multipart body ended before its final boundary.");
        }
    }

    private async ValueTask<bool> FillAsync(CancellationToken cancellationToken)
    {
        if (_start > 0)
        {
            _buffer.AsSpan(_start, _end - _start).CopyTo(_buffer);
            _end -= _start;
            _start = 0;
        }
        Debug.Assert(_end < _buffer.Length, "The buffer is sized so that unconsumed bytes never fill it.");

        var read = await _body.ReadAsync(_buffer.AsMemory(_end), cancellationToken);
        if (read == 0)
            return false;
        _bodyLength += read;
        if (_bodyLength > _options.MultipartBodyLengthLimit)
            throw FormErrors.LimitExceeded("The multipart body", nameof(FormOptions.MultipartBodyLengthLimit), _options.MultipartBodyLengthLimit);
        _end += read;
        return true;
    }
}
