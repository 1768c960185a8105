using System.Globalization;

namespace MicroWeb.Http.Files;

/// <summary>
/// The validators of one file version (RFC 9110 §8.8): a strong entity tag and Last-Modified, derived from its
/// length and last-write time, with the header text computed once.
/// </summary>
internal sealed class FileValidators
{
    public FileValidators(long length, DateTimeOffset lastWrite)
    {
        Length = length;
        // Last-Modified has one-second resolution; the comparisons use the same truncated value.
        LastModified = new DateTimeOffset(lastWrite.UtcTicks - lastWrite.UtcTicks % TimeSpan.TicksPerSecond, TimeSpan.Zero);
        LastModifiedHeader = HttpValidators.FormatDate(LastModified);
        // Strong: a change of content changes length or last-write time (in ticks, finer than the header's seconds).
        ETag = string.Create(CultureInfo.InvariantCulture, $"\"{lastWrite.UtcTicks:x}-{length:x}\"");
        WeakETag = "W/" + ETag;
    }

    /// <summary>The length of the whole representation in bytes.</summary>
    public long Length { get; }

    public DateTimeOffset LastModified { get; }

    public string LastModifiedHeader { get; }

    public string ETag { get; }

    /// <summary>The validator sent with a compressed variant: the same content, but not the same bytes.</summary>
    public string WeakETag { get; }
}
