using Microsoft.Win32.SafeHandles;

namespace MicroWeb.Http.Forms;

/// <summary>
/// A read-only, seekable view of a spilled upload. It reads with positional I/O on the shared handle, so
/// any number of streams can be open on one file at once, each with its own position; disposing a view
/// leaves the handle (owned by <see cref="FormFileContent"/>) open.
/// </summary>
internal sealed class TempFileReadStream(SafeFileHandle handle, long length) : Stream
{
    private long _position;

    public override bool CanRead => true;
    public override bool CanSeek => true;
    public override bool CanWrite => false;
    public override long Length => length;

    public override long Position
    {
        get => _position;
        set => _position = value >= 0 ? value : throw new ArgumentOutOfRangeException(nameof(value));
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        var read = RandomAccess.Read(handle, Clamp(buffer), _position);
        _position += read;
        return read;
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        var read = await RandomAccess.ReadAsync(handle, Clamp(buffer), _position, cancellationToken);
        _position += read;
        return read;
    }

    public override long Seek(long offset, SeekOrigin origin) => Position = origin switch
    {
        SeekOrigin.Begin => offset,
        SeekOrigin.Current => _position + offset,
        SeekOrigin.End => length + offset,
        _ => throw new ArgumentOutOfRangeException(nameof(origin)),
    };

    public override void Flush()
    {
    }

    public override void SetLength(long value) => throw new NotSupportedException("An uploaded file is read-only.");

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException("An uploaded file is read-only.");

    // The file never grows after upload, but reading stops at the recorded length regardless.
    private Span<byte> Clamp(Span<byte> buffer) => buffer[..(int)Math.Clamp(length - _position, 0, buffer.Length)];

    private Memory<byte> Clamp(Memory<byte> buffer) => buffer[..(int)Math.Clamp(length - _position, 0, buffer.Length)];
}
