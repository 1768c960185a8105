using System.Buffers;

namespace MicroWeb.Http.Forms;

/// <summary>
/// A growable byte buffer on <see cref="ArrayPool{T}.Shared"/> for one field at a time. Callers check their
/// limit before <see cref="Append"/>, so growth is bounded by the limit, never by what a client sends.
/// </summary>
internal sealed class PooledByteBuffer : IDisposable
{
    private const int InitialSize = 256;

    private byte[] _array = [];

    public int Length { get; private set; }

    /// <summary>The bytes appended since the last <see cref="Clear"/>; valid until the next append.</summary>
    public Span<byte> Written => _array.AsSpan(0, Length);

    public void Append(ReadOnlySpan<byte> data)
    {
        if (Length + data.Length > _array.Length)
            Grow(Length + data.Length);
        data.CopyTo(_array.AsSpan(Length));
        Length += data.Length;
    }

    public void Clear() => Length = 0;

    public void Dispose()
    {
        if (_array.Length > 0)
            ArrayPool<byte>.Shared.Return(_array);
        _array = [];
        Length = 0;
    }

    private void Grow(int needed)
    {
        var larger = ArrayPool<byte>.Shared.Rent(Math.Max(needed, Math.Max(InitialSize, _array.Length * 2)));
        _array.AsSpan(0, Length).CopyTo(larger);
        if (_array.Length > 0)
            ArrayPool<byte>.Shared.Return(_array);
        _array = larger;
    }
}
