using System.Buffers;

namespace MicroWeb.Http.Parsing;

/// <summary>What <see cref="ChunkedDecoder.Decode"/> found.</summary>
internal enum ChunkedStatus
{
    /// <summary>The framing so far is valid but incomplete; read more and call again.</summary>
    NeedMoreData,
    /// <summary>Body data is available at the returned slice.</summary>
    Data,
    /// <summary>The last chunk and the trailer section have been consumed.</summary>
    Done,
}

/// <summary>
/// Decodes the chunked transfer coding (RFC 9112 §7.1) without doing I/O: it walks the framing in a
/// buffer, hands out data slices, and keeps its state between calls so a body may arrive in any pieces.
/// Chunk extensions are validated (RFC 9112 §7.1.1) and ignored; trailer fields are validated and discarded.
/// Every framing line must end in CRLF with no lone CR or LF inside it: a lenient line end is how two parsers
/// disagree on where a chunk ends (request smuggling, CVE-2025-55315). Errors throw with a named reason.
/// </summary>
internal sealed class ChunkedDecoder
{
    private const int MaxChunkSizeLine = 4096;

    private enum State { Size, Data, DataEnd, Trailer, Done }

    private State _state;
    private long _chunkRemaining;
    private long _trailerBytes;
    private readonly int _maxTrailerBytes;

    public ChunkedDecoder(int maxTrailerBytes) => _maxTrailerBytes = maxTrailerBytes;

    public bool IsComplete => _state == State.Done;

    public void Reset()
    {
        _state = State.Size;
        _chunkRemaining = 0;
        _trailerBytes = 0;
    }

    /// <summary>
    /// Consumes framing from the start of <paramref name="buffer"/> until body data, the end of the body or
    /// the end of the buffer. <paramref name="consumed"/> is where the caller may advance to (the start of
    /// <paramref name="data"/> when data is returned); after taking n bytes of data call <see cref="DataConsumed"/>.
    /// </summary>
    /// <exception cref="BadHttpRequestException">The framing is invalid.</exception>
    public ChunkedStatus Decode(in ReadOnlySequence<byte> buffer, out SequencePosition consumed, out ReadOnlySequence<byte> data)
    {
        var reader = new SequenceReader<byte>(buffer);
        data = default;
        while (true)
        {
            consumed = reader.Position;
            switch (_state)
            {
                case State.Size:
                    if (!reader.TryReadTo(out ReadOnlySequence<byte> sizeLine, (byte)'\n'))
                    {
                        if (reader.Remaining > MaxChunkSizeLine) throw Invalid(RequestRejectionReason.ChunkSizeLineTooLong);
                        return ChunkedStatus.NeedMoreData;
                    }
                    if (sizeLine.Length > MaxChunkSizeLine) throw Invalid(RequestRejectionReason.ChunkSizeLineTooLong);
                    var size = ParseSizeLine(sizeLine);
                    if (size == 0)
                    {
                        _state = State.Trailer;
                    }
                    else
                    {
                        _chunkRemaining = size;
                        _state = State.Data;
                    }
                    break;

                case State.Data:
                    if (reader.End) return ChunkedStatus.NeedMoreData;
                    data = reader.UnreadSequence.Slice(0, Math.Min(_chunkRemaining, reader.Remaining));
                    return ChunkedStatus.Data;

                case State.DataEnd:
                    if (reader.Remaining < 2)
                    {
                        if (reader.Remaining == 1 && !reader.IsNext((byte)'\r')) throw Invalid(RequestRejectionReason.ChunkDataNotTerminated);
                        return ChunkedStatus.NeedMoreData;
                    }
                    if (!reader.IsNext("\r\n"u8, advancePast: true)) throw Invalid(RequestRejectionReason.ChunkDataNotTerminated);
                    _state = State.Size;
                    break;

                case State.Trailer:
                    if (!reader.TryReadTo(out ReadOnlySequence<byte> line, (byte)'\n'))
                    {
                        if (_trailerBytes + reader.Remaining > _maxTrailerBytes) throw Invalid(RequestRejectionReason.TrailersTooLarge);
                        return ChunkedStatus.NeedMoreData;
                    }
                    _trailerBytes += line.Length + 1;
                    if (_trailerBytes > _maxTrailerBytes) throw Invalid(RequestRejectionReason.TrailersTooLarge);
                    if (line.Length == 1 && line.FirstSpan[0] == (byte)'\r')
                    {
                        _state = State.Done;
                        consumed = reader.Position;
                        return ChunkedStatus.Done;
                    }
                    ValidateTrailerLine(line);
                    break;

                case State.Done:
                    return ChunkedStatus.Done;
            }
        }
    }

    /// <summary>Records that the caller took <paramref name="count"/> bytes of the data slice.</summary>
    public void DataConsumed(long count)
    {
        _chunkRemaining -= count;
        if (_chunkRemaining == 0) _state = State.DataEnd;
    }

    private static long ParseSizeLine(in ReadOnlySequence<byte> line)
    {
        Span<byte> copy = stackalloc byte[MaxChunkSizeLine];
        var span = line.IsSingleSegment ? line.FirstSpan : copy[..(int)line.Length];
        if (!line.IsSingleSegment) line.CopyTo(copy);

        span = TrimLineEnd(span);
        long size = 0;
        var digits = 0;
        int digit;
        while (digits < span.Length && (digit = HeaderGrammar.HexValue(span[digits])) >= 0)
        {
            if (digits == 15) throw Invalid(RequestRejectionReason.InvalidChunkSize);
            size = size << 4 | (long)digit;
            digits++;
        }
        if (digits == 0) throw Invalid(RequestRejectionReason.InvalidChunkSize);
        var extensions = span[digits..];
        if (!extensions.IsEmpty && !IsChunkExtensions(extensions))
        {
            // Whatever follows the digits must be extensions: "5x" is a bad size, "5 ;a" or "5;" a bad extension.
            throw Invalid(extensions.TrimStart(" \t"u8) is [(byte)';', ..] ? RequestRejectionReason.InvalidChunkExtension : RequestRejectionReason.InvalidChunkSize);
        }
        return size;
    }

    /// <summary>Strips the CRLF a framing line (read up to its LF) must end with; a bare LF or a lone CR inside throws.</summary>
    private static ReadOnlySpan<byte> TrimLineEnd(ReadOnlySpan<byte> line)
    {
        if (line.IsEmpty || line[^1] != (byte)'\r') throw Invalid(RequestRejectionReason.BareLineFeed);
        line = line[..^1];
        if (line.IndexOf((byte)'\r') >= 0) throw Invalid(RequestRejectionReason.BareCarriageReturn);
        return line;
    }

    /// <summary>
    /// RFC 9112 §7.1.1: <c>chunk-ext = *( BWS ";" BWS chunk-ext-name [ BWS "=" BWS chunk-ext-val ] )</c>,
    /// name a token, value a token or a quoted-string.
    /// </summary>
    private static bool IsChunkExtensions(ReadOnlySpan<byte> ext)
    {
        while (true)
        {
            ext = ext.TrimStart(" \t"u8);
            if (ext.IsEmpty) return true;
            if (ext[0] != (byte)';') return false;
            ext = ext[1..].TrimStart(" \t"u8);
            var name = HeaderGrammar.TokenLength(ext);
            if (name == 0) return false;
            ext = ext[name..];
            var afterName = ext.TrimStart(" \t"u8);
            if (afterName.IsEmpty || afterName[0] != (byte)'=') continue;
            ext = afterName[1..].TrimStart(" \t"u8);
            var value = ext is [(byte)'"', ..] ? QuotedStringLength(ext) : HeaderGrammar.TokenLength(ext);
            if (value == 0) return false;
            ext = ext[value..];
        }
    }

    /// <summary>The length of the quoted-string (RFC 9110 §5.6.4) at the start of <paramref name="value"/>, or 0 if it is malformed.</summary>
    private static int QuotedStringLength(ReadOnlySpan<byte> value)
    {
        for (var i = 1; i < value.Length; i++)
        {
            var b = value[i];
            if (b == (byte)'"') return i + 1;
            if (b == (byte)'\\')
            {
                // quoted-pair = "\" ( HTAB / SP / VCHAR / obs-text )
                if (++i == value.Length || !HeaderGrammar.IsFieldValueByte(value[i])) return 0;
            }
            else if (!HeaderGrammar.IsFieldValueByte(b))
            {
                return 0;
            }
        }
        return 0;
    }

    private static void ValidateTrailerLine(in ReadOnlySequence<byte> line)
    {
        var span = TrimLineEnd(line.IsSingleSegment ? line.FirstSpan : line.ToArray());
        var colon = span.IndexOf((byte)':');
        if (colon <= 0 || !HeaderGrammar.IsToken(span[..colon])) throw Invalid(RequestRejectionReason.InvalidTrailer);
        if (!HeaderGrammar.IsFieldValue(span[(colon + 1)..])) throw Invalid(RequestRejectionReason.InvalidTrailer);
    }

    private static BadHttpRequestException Invalid(RequestRejectionReason reason) => RequestRejection.Exception(reason);
}
