using System.Text;
using MicroWeb.Http.Forms;

namespace MicroWeb.Fuzz;

/// <summary>
/// <see cref="FormReader.ReadAsync"/> over arbitrary bytes: the first line is the Content-Type, the rest the body, read
/// from a stream that hands out a few bytes at a time. Contract: a body or Content-Type it cannot take throws
/// <see cref="BadHttpRequestException"/> (400, 413, 415) and nothing else; uploaded files are readable to their length.
/// </summary>
public static class MultipartTarget
{
    public static void Run(byte[] input)
    {
        var (split, data) = FuzzTargets.SplitPoint(input);
        var newline = Array.IndexOf(data, (byte)'\n');
        var contentType = Encoding.Latin1.GetString(data, 0, newline < 0 ? data.Length : newline);
        var body = newline < 0 ? [] : data[(newline + 1)..];
        try
        {
            // Blocking is fine here: a fuzz run has no request path and no synchronization context.
            using var form = FormReader.ReadAsync(new TrickleStream(body, Math.Max(1, split)), contentType, UrlEncodedTarget.SmallLimits(), CancellationToken.None)
                .GetAwaiter().GetResult();
            foreach (var file in form.Files)
            {
                using var content = file.OpenReadStream();
                using var copy = new MemoryStream();
                content.CopyTo(copy);
                if (copy.Length != file.Length) throw new FuzzInvariantException($"file '{file.Name}' reads {copy.Length} bytes but has Length {file.Length}");
            }
        }
        catch (BadHttpRequestException e) when (e.StatusCode is 400 or 413 or 415)
        {
            // The documented rejections: malformed, over a limit, not a form.
        }
    }

    /// <summary>A body that arrives at most <c>chunk</c> bytes per read, so boundaries straddle reads.</summary>
    private sealed class TrickleStream(byte[] data, int chunk) : MemoryStream(data, writable: false)
    {
        public override int Read(byte[] buffer, int offset, int count) => base.Read(buffer, offset, Math.Min(count, chunk));

        public override int Read(Span<byte> buffer) => base.Read(buffer[..Math.Min(buffer.Length, chunk)]);

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            base.ReadAsync(buffer[..Math.Min(buffer.Length, chunk)], cancellationToken);

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            base.ReadAsync(buffer, offset, Math.Min(count, chunk), cancellationToken);
    }
}
