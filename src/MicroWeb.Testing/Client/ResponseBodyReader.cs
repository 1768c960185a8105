using System.Buffers;
using System.Globalization;

namespace MicroWeb.Testing;

/// <summary>Reads one response body off a connection as framed by its head: none, Content-Length, chunked or until close.</summary>
internal sealed class ResponseBodyReader(ClientConnection connection, BodyFraming framing)
{
    private long _remaining = framing.Kind == BodyKind.Length ? framing.Length : 0;
    private bool _chunkDataEnded;

    /// <summary>True once the whole body (and, for chunked, the trailer section) has been read.</summary>
    public bool IsComplete { get; private set; } = framing.Kind == BodyKind.None || (framing.Kind == BodyKind.Length && framing.Length == 0);

    /// <summary>Trailer fields of a chunked body, available once <see cref="IsComplete"/>.</summary>
    public List<KeyValuePair<string, string>> Trailers { get; } = [];

    /// <summary>Reads body bytes; 0 at the end of the body.</summary>
    /// <exception cref="IOException">The connection ended before the body did.</exception>
    public async ValueTask<int> ReadAsync(Memory<byte> destination, CancellationToken cancellationToken)
    {
        if (IsComplete || destination.IsEmpty) return 0;
        switch (framing.Kind)
        {
            case BodyKind.Length:
            {
                var read = await connection.ReadAsync(destination, _remaining, cancellationToken).ConfigureAwait(false);
                if (read == 0) throw new IOException($"The connection closed {_remaining} byte(s) before the end of the Content-Length body.");
                _remaining -= read;
                if (_remaining == 0) IsComplete = true;
                return read;
            }
            case BodyKind.UntilClose:
            {
                var read = await connection.ReadAsync(destination, long.MaxValue, cancellationToken).ConfigureAwait(false);
                if (read == 0) IsComplete = true;
                return read;
            }
            default:
                return await ReadChunkedAsync(destination, cancellationToken).ConfigureAwait(false);
        }
    }

    // RFC 9112 §7.1: chunk = chunk-size [ chunk-ext ] CRLF chunk-data CRLF; last-chunk = 1*"0" [ chunk-ext ] CRLF; then trailers and CRLF.
    private async ValueTask<int> ReadChunkedAsync(Memory<byte> destination, CancellationToken cancellationToken)
    {
        while (_remaining == 0)
        {
            if (_chunkDataEnded)
            {
                var end = await ReadLineAsync(cancellationToken).ConfigureAwait(false);
                if (end.Length != 0) throw new HttpRequestException("Chunk data is not followed by CRLF.");
                _chunkDataEnded = false;
            }
            var line = await ReadLineAsync(cancellationToken).ConfigureAwait(false);
            var sizeText = line.Split(';', 2)[0].Trim();
            if (!long.TryParse(sizeText, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var size) || size < 0)
                throw new HttpRequestException($"Invalid chunk size line '{line}'.");
            if (size == 0)
            {
                while (await ReadLineAsync(cancellationToken).ConfigureAwait(false) is { Length: > 0 } trailer)
                {
                    var colon = trailer.IndexOf(':');
                    if (colon <= 0) throw new HttpRequestException($"Invalid trailer line '{trailer}'.");
                    Trailers.Add(new(trailer[..colon], trailer[(colon + 1)..].Trim(' ', '\t')));
                }
                IsComplete = true;
                return 0;
            }
            _remaining = size;
        }

        var read = await connection.ReadAsync(destination, _remaining, cancellationToken).ConfigureAwait(false);
        if (read == 0) throw new IOException("The connection closed inside a chunk.");
        _remaining -= read;
        if (_remaining == 0) _chunkDataEnded = true;
        return read;
    }

    private async ValueTask<string> ReadLineAsync(CancellationToken cancellationToken) =>
        await connection.ReadLineAsync(cancellationToken).ConfigureAwait(false)
            ?? throw new IOException("The connection closed inside a chunked body.");

    /// <summary>Reads the rest of the body.</summary>
    public async Task<byte[]> ReadToEndAsync(CancellationToken cancellationToken)
    {
        var all = new ArrayBufferWriter<byte>();
        while (true)
        {
            var read = await ReadAsync(all.GetMemory(16 * 1024), cancellationToken).ConfigureAwait(false);
            if (read == 0) return all.WrittenSpan.ToArray();
            all.Advance(read);
        }
    }
}
