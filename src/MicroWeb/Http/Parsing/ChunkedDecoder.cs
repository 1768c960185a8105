using System.Buffers;

namespace MicroWeb;

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
/// Chunk extensions are accepted and ignored; trailer fields are validated and discarded.
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
                        if (reader.Remaining > MaxChunkSizeLine) throw Invalid("chunk size line too long");
                        return ChunkedStatus.NeedMoreData;
                    }
                    if (sizeLine.Length > MaxChunkSizeLine) throw Invalid("chunk size line too long");
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
                    if (reader.Remaining < 2) return ChunkedStatus.NeedMoreData;
                    if (!reader.IsNext("\r\n"u8, advancePast: true)) throw Invalid("chunk data not followed by CRLF");
                    _state = State.Size;
                    break;

                case State.Trailer:
                    if (!reader.TryReadTo(out ReadOnlySequence<byte> line, (byte)'\n'))
                    {
                        if (_trailerBytes + reader.Remaining > _maxTrailerBytes) throw Invalid("trailer section too large");
                        return ChunkedStatus.NeedMoreData;
                    }
                    _trailerBytes += line.Length + 1;
                    if (_trailerBytes > _maxTrailerBytes) throw Invalid("trailer section too large");
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

        if (span.IsEmpty || span[^1] != (byte)'\r') throw Invalid("chunk size line must end with CRLF");
        span = span[..^1];
        long size = 0;
        var digits = 0;
        while (digits < span.Length && char.IsAsciiHexDigit((char)span[digits]))
        {
            if (digits == 15) throw Invalid("chunk size too large");
            size = size << 4 | (long)HexValue(span[digits]);
            digits++;
        }
        if (digits == 0) throw Invalid("missing chunk size");
        var extension = span[digits..];
        if (!extension.IsEmpty)
        {
            var trimmed = extension.TrimStart(" \t"u8);
            if (trimmed.IsEmpty || trimmed[0] != (byte)';') throw Invalid("invalid chunk extension");
            foreach (var b in trimmed)
                if (!HttpCharacters.IsFieldValueByte(b)) throw Invalid("invalid character in chunk extension");
        }
        return size;
    }

    private static void ValidateTrailerLine(in ReadOnlySequence<byte> line)
    {
        var span = line.IsSingleSegment ? line.FirstSpan : line.ToArray();
        if (span.IsEmpty || span[^1] != (byte)'\r') throw Invalid("trailer field must end with CRLF");
        span = span[..^1];
        var colon = span.IndexOf((byte)':');
        if (colon <= 0 || !HttpCharacters.IsToken(span[..colon])) throw Invalid("malformed trailer field");
        foreach (var b in span[(colon + 1)..])
            if (!HttpCharacters.IsFieldValueByte(b)) throw Invalid("invalid character in trailer field");
    }

    private static int HexValue(byte c) => c <= '9' ? c - '0' : (c | 0x20) - 'a' + 10;

    private static BadHttpRequestException Invalid(string what) => new($"Invalid chunked request body: {what}.");
}
