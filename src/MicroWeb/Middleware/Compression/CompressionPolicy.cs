using System.Collections.Frozen;
using System.IO.Compression;
using MicroWeb.Http;

namespace MicroWeb.Middleware.Compression;

/// <summary>The compression options frozen at startup, plus Accept-Encoding negotiation and the compressors.</summary>
internal sealed class CompressionPolicy
{
    /// <summary>Encodings by index: the order breaks ties between equally rated encodings.</summary>
    public static readonly string[] Encodings = ["br", "gzip"];

    public const int Brotli = 0;
    public const int Gzip = 1;

    private readonly bool[] _enabled;
    private readonly FrozenSet<string>.AlternateLookup<ReadOnlySpan<char>> _mimeTypes;
    private readonly FrozenSet<string>.AlternateLookup<ReadOnlySpan<char>> _wildcardTypes;

    public CompressionPolicy(ResponseCompressionOptions options)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(options.MinimumSize, nameof(options.MinimumSize));
        MinimumSize = options.MinimumSize;
        Level = options.Level;
        _enabled = [options.EnableBrotli, options.EnableGzip];
        _mimeTypes = options.MimeTypes.Where(t => !t.EndsWith("/*", StringComparison.Ordinal))
            .ToFrozenSet(StringComparer.OrdinalIgnoreCase).GetAlternateLookup<ReadOnlySpan<char>>();
        _wildcardTypes = options.MimeTypes.Where(t => t.EndsWith("/*", StringComparison.Ordinal)).Select(t => t[..^2])
            .ToFrozenSet(StringComparer.OrdinalIgnoreCase).GetAlternateLookup<ReadOnlySpan<char>>();
    }

    public int MinimumSize { get; }

    public CompressionLevel Level { get; }

    /// <summary>True when the Content-Type's media type is in the configured set, and is not an event stream.</summary>
    public bool IsCompressible(string? contentType)
    {
        if (string.IsNullOrEmpty(contentType)) return false;
        var mediaType = HeaderGrammar.MediaType(contentType);
        // Server-Sent Events: a compressor holds bytes back until its block fills, which would delay every event, and
        // text/* in the set would otherwise take it in.
        if (mediaType.Equals("text/event-stream", StringComparison.OrdinalIgnoreCase)) return false;
        if (_mimeTypes.Contains(mediaType)) return true;
        var slash = mediaType.IndexOf('/');
        return slash > 0 && _wildcardTypes.Contains(mediaType[..slash]);
    }

    /// <summary>
    /// Picks the encoding from an Accept-Encoding value (RFC 9110 §12.5.3): the enabled coding with the highest
    /// q-value above zero; <c>*</c> rates the codings not named; ties go to the earlier of <see cref="Encodings"/>.
    /// Returns -1 when the client accepts none of them (identity is then sent).
    /// </summary>
    public int Negotiate(string acceptEncoding)
    {
        Span<double> quality = [-1, -1];
        var wildcard = -1.0;
        var value = acceptEncoding.AsSpan();
        while (!value.IsEmpty)
        {
            var comma = value.IndexOf(',');
            var element = comma < 0 ? value : value[..comma];
            value = comma < 0 ? default : value[(comma + 1)..];

            var semicolon = element.IndexOf(';');
            var coding = (semicolon < 0 ? element : element[..semicolon]).Trim();
            var q = 1.0;
            if (semicolon >= 0 && !TryParseQuality(element[(semicolon + 1)..], out q)) continue;

            if (coding.Equals("*", StringComparison.Ordinal)) wildcard = q;
            else if (coding.Equals("br", StringComparison.OrdinalIgnoreCase)) quality[Brotli] = q;
            else if (coding.Equals("gzip", StringComparison.OrdinalIgnoreCase) || coding.Equals("x-gzip", StringComparison.OrdinalIgnoreCase)) quality[Gzip] = q;
        }

        var best = -1;
        var bestQuality = 0.0;
        for (var i = 0; i < Encodings.Length; i++)
        {
            if (!_enabled[i]) continue;
            var q = quality[i] >= 0 ? quality[i] : wildcard;
            if (q > bestQuality)
            {
                best = i;
                bestQuality = q;
            }
        }
        return best;
    }

    /// <summary>Parses the parameters after a coding; only <c>q</c> is meaningful. An unparsable weight drops the element.</summary>
    private static bool TryParseQuality(ReadOnlySpan<char> parameters, out double q)
    {
        q = 1.0;
        foreach (var range in parameters.Split(';'))
        {
            var parameter = parameters[range].Trim();
            if (!parameter.StartsWith("q=", StringComparison.OrdinalIgnoreCase)) continue;
            if (!double.TryParse(parameter[2..], System.Globalization.NumberStyles.AllowDecimalPoint, System.Globalization.CultureInfo.InvariantCulture, out q) || q > 1) return false;
        }
        return true;
    }

    /// <summary>A compressor writing to <paramref name="destination"/>.</summary>
    public static Stream CreateCompressor(int encoding, Stream destination, CompressionLevel level, bool leaveOpen) => encoding == Brotli
        ? new BrotliStream(destination, level, leaveOpen)
        : new GZipStream(destination, level, leaveOpen);

    /// <summary>Compresses a whole buffer (static files kept in memory, once per file and encoding).</summary>
    public static byte[] Compress(int encoding, ReadOnlySpan<byte> content)
    {
        using var output = new MemoryStream(content.Length / 2 + 64);
        using (var compressor = CreateCompressor(encoding, output, CompressionLevel.Optimal, leaveOpen: true)) compressor.Write(content);
        return output.ToArray();
    }
}
